import type { ReactNode } from 'react';
import type { Person } from '../../store/peopleSelectors.js';
import { PersonRow } from './PersonRow.js';

interface PeopleSectionProps {
  id: string;
  title: string;
  countText: string;
  people: Person[];
  /** Said when nobody is listed (null: the children say it). */
  emptyText: string | null;
  canModerate: boolean;
  /** Raised hands are a queue: the list is numbered. */
  isOrdered?: boolean;
  onRemove(person: Person): void;
  /** Shown below the list (the audience's count and pages). */
  children?: ReactNode;
}

/**
 * The id of a section's heading. Headings take the focus when what the
 * person used goes away or leads there (the last "Show more", a notice's
 * "Show hands"), so each can be focused by script (not by Tab).
 */
export function peopleHeadingId(sectionId: string): string {
  return `people-${sectionId}-heading`;
}

/** One group of people in the panel, with its count and an empty state. */
export function PeopleSection({
  id,
  title,
  countText,
  people,
  emptyText,
  canModerate,
  isOrdered = false,
  onRemove,
  children,
}: PeopleSectionProps) {
  const headingId = peopleHeadingId(id);
  const List = isOrdered ? 'ol' : 'ul';
  return (
    <section className="people__section" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        {title} <span className="count">({countText})</span>
      </h3>
      {people.length === 0 ? (
        emptyText && <p className="people__empty">{emptyText}</p>
      ) : (
        <List className="people__list">
          {people.map((person) => (
            <PersonRow key={person.peerId} person={person} canModerate={canModerate && !person.isSelf} onRemove={onRemove} />
          ))}
        </List>
      )}
      {children}
    </section>
  );
}
