import type { ReactNode } from 'react';

/** Icons of the compact control bar (phones): drawn with the text colour, always beside a visible word. */
export type ControlIconName = 'mic' | 'mic-off' | 'camera' | 'camera-off' | 'hand' | 'chat' | 'people' | 'more' | 'leave';

const SLASH = <path d="M3 3l18 18" />;

const SHAPES: Record<ControlIconName, ReactNode> = {
  mic: (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" />
    </>
  ),
  'mic-off': (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" />
      {SLASH}
    </>
  ),
  camera: (
    <>
      <rect x="2.5" y="6" width="13" height="12" rx="2" />
      <path d="M15.5 10.5l6-3.5v10l-6-3.5z" />
    </>
  ),
  'camera-off': (
    <>
      <rect x="2.5" y="6" width="13" height="12" rx="2" />
      <path d="M15.5 10.5l6-3.5v10l-6-3.5z" />
      {SLASH}
    </>
  ),
  hand: (
    <path d="M7.5 12V5.5a1.5 1.5 0 0 1 3 0V11m0-6.5v-1a1.5 1.5 0 0 1 3 0V11m0-6a1.5 1.5 0 0 1 3 0v6m0-3.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7h-.5a6 6 0 0 1-4.9-2.6L4.3 15a1.6 1.6 0 0 1 2.5-2l.7.8" />
  ),
  chat: <path d="M4 4.5h16v11.5H9.5L4 20.5z" />,
  people: (
    <>
      <circle cx="9" cy="8" r="3.2" />
      <path d="M3 20c0-3.4 2.7-6 6-6s6 2.6 6 6" />
      <circle cx="17" cy="9" r="2.5" />
      <path d="M16.5 14.1c2.6.3 4.5 2.6 4.5 5.4" />
    </>
  ),
  more: (
    <>
      <circle cx="5" cy="12" r="1.6" fill="currentColor" />
      <circle cx="12" cy="12" r="1.6" fill="currentColor" />
      <circle cx="19" cy="12" r="1.6" fill="currentColor" />
    </>
  ),
  leave: <path d="M10 4H4.5v16H10M15.5 8l4 4-4 4M19.5 12H9" />,
};

export function ControlIcon({ name }: { name: ControlIconName }) {
  return (
    <svg
      className="control__icon"
      viewBox="0 0 24 24"
      width="22"
      height="22"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[name]}
    </svg>
  );
}
