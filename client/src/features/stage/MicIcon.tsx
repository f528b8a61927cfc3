/** A microphone, struck through when muted; decorative (tiles say the state in words too). */
export function MicIcon({ isMuted }: { isMuted: boolean }) {
  return (
    <svg className={isMuted ? 'mic-icon mic-icon--muted' : 'mic-icon'} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <rect x="9" y="3" width="6" height="11" rx="3" fill="currentColor" />
      <path d="M6 11a6 6 0 0 0 12 0M12 17v4" stroke="currentColor" strokeWidth="2" fill="none" strokeLinecap="round" />
      {isMuted && <path d="M4 4l16 16" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />}
    </svg>
  );
}
