import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<Id extends string> {
  id: Id;
  label: string;
  /** Shown after the label (an unread count), outside the tab's name. */
  extra?: ReactNode;
  /** Id of what describes the tab (the unread count). */
  describedBy?: string;
}

interface PanelTabsProps<Id extends string> {
  label: string;
  tabs: TabItem<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  /** Id of a tab element and of its panel. */
  tabId(id: Id): string;
  panelId(id: Id): string;
}

/**
 * ARIA tabs: one tab stop for the list, arrow keys (and Home, End) move
 * between tabs and show each at once, as the WAI-ARIA tabs pattern asks.
 */
export function PanelTabs<Id extends string>({ label, tabs, selected, onSelect, tabId, panelId }: PanelTabsProps<Id>) {
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = (() => {
      switch (event.key) {
        case 'ArrowRight':
          return (index + 1) % tabs.length;
        case 'ArrowLeft':
          return (index - 1 + tabs.length) % tabs.length;
        case 'Home':
          return 0;
        case 'End':
          return tabs.length - 1;
        default:
          return null;
      }
    })();
    const tab = next === null ? undefined : tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(tab.id))}`)?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            className="tabs__tab"
            aria-selected={isSelected}
            aria-controls={panelId(tab.id)}
            aria-describedby={tab.describedBy}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
            {tab.extra}
          </button>
        );
      })}
    </div>
  );
}
