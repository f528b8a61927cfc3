import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { ControlAction } from './controlAction.js';
import { ControlIcon } from './ControlIcon.js';
import { nextMenuIndex } from './menuKeys.js';

const TEXT = { more: 'More' };

/** One line of the menu: an action, a set of choices (one of which is on), or a line between groups. */
export type MenuEntry =
  | { kind: 'action'; action: ControlAction }
  | {
      kind: 'choice';
      key: string;
      label: string;
      options: readonly { value: string; label: string }[];
      value: string;
      onChange(value: string): void;
    }
  | { kind: 'separator'; key: string };

/**
 * The phone bar's "More" button and its menu (WAI-ARIA menu button): Enter,
 * Space or the arrows open it on the first (or last) item; arrows, Home and
 * End move; Escape or Tab close it and return to the button, as does
 * choosing an item (before the item acts, so a dialog it opens gives focus
 * back to the button when it closes).
 */
export function MoreMenu({ entries, buttonRef }: { entries: MenuEntry[]; buttonRef: RefObject<HTMLButtonElement | null> }) {
  const buttonId = useId();
  const menuId = useId();
  const menuRef = useRef<HTMLDivElement>(null);
  const [openAt, setOpenAt] = useState<'first' | 'last' | null>(null);
  const isOpen = openAt !== null;

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);
  const close = () => {
    setOpenAt(null);
    buttonRef.current?.focus();
  };
  const choose = (select: () => void) => {
    close();
    select();
  };

  useEffect(() => {
    if (openAt === null) return;
    const list = items();
    (openAt === 'first' ? list[0] : list.at(-1))?.focus();
    // A tap or click anywhere else closes the menu, as on any phone.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpenAt(null);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [openAt, buttonRef]);

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    setOpenAt(event.key === 'ArrowUp' ? 'last' : 'first');
  };
  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      close();
      return;
    }
    const list = items();
    const next = nextMenuIndex(event.key, list.indexOf(document.activeElement as HTMLElement), list.length);
    if (next === null) return;
    event.preventDefault();
    list[next]?.focus();
  };

  return (
    <>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={isOpen ? 'control control--compact control--active' : 'control control--compact'}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => setOpenAt(isOpen ? null : 'first')}
        onKeyDown={onButtonKeyDown}
      >
        <ControlIcon name="more" />
        <span className="control__label">{TEXT.more}</span>
      </button>
      {isOpen && (
        <div ref={menuRef} id={menuId} className="menu" role="menu" aria-labelledby={buttonId} onKeyDown={onMenuKeyDown}>
          {entries.map((entry) => (
            <MenuLine key={entry.kind === 'action' ? entry.action.key : entry.key} entry={entry} onChoose={choose} />
          ))}
        </div>
      )}
    </>
  );
}

function MenuLine({ entry, onChoose }: { entry: MenuEntry; onChoose(select: () => void): void }) {
  switch (entry.kind) {
    case 'separator':
      return <div role="separator" className="menu__separator" />;
    case 'action': {
      const { action } = entry;
      const isSwitch = action.isPressed !== undefined;
      return (
        <button
          type="button"
          role={isSwitch ? 'menuitemcheckbox' : 'menuitem'}
          aria-checked={isSwitch ? action.isPressed : undefined}
          aria-disabled={action.isBusy || undefined}
          tabIndex={-1}
          className="menu__item"
          onClick={() => !action.isBusy && onChoose(action.onSelect)}
        >
          <span className="menu__mark" aria-hidden="true">
            {action.isPressed ? '✓' : ''}
          </span>
          {action.label}
        </button>
      );
    }
    case 'choice':
      return (
        <div role="group" aria-label={entry.label} className="menu__group">
          <div className="menu__heading" aria-hidden="true">
            {entry.label}
          </div>
          {entry.options.map((option) => (
            <button
              key={option.value}
              type="button"
              role="menuitemradio"
              aria-checked={option.value === entry.value}
              tabIndex={-1}
              className="menu__item"
              onClick={() => onChoose(() => entry.onChange(option.value))}
            >
              <span className="menu__mark" aria-hidden="true">
                {option.value === entry.value ? '●' : ''}
              </span>
              {option.label}
            </button>
          ))}
        </div>
      );
  }
}
