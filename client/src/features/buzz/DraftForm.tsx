import { useId, useState } from 'react';
import type { BuzzMethod, ProfileAttribute } from '../../../../shared/buzz.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { countPlaceable } from '../../store/peopleSelectors.js';

const TEXT = {
  heading: 'Split into buzz groups',
  people: (count: number) => `${count} ${count === 1 ? 'person' : 'people'} in the main session can be placed (moderators stay out unless you place them).`,
  split: 'Split by',
  groups: 'Number of groups',
  groupSize: 'People per group',
  method: 'How people are placed',
  preview: 'Preview the groups',
  note: 'Nobody moves until you start the groups. You can rename them, set questions and facilitators, and move people first.',
};

type Choice = { method: BuzzMethod; attribute?: ProfileAttribute; label: string };
const CHOICES: Choice[] = [
  { method: 'balanced', label: 'At random, in groups of even size' },
  { method: 'attribute', attribute: 'language', label: 'By the language people chose' },
  { method: 'attribute', attribute: 'region', label: 'By the region people chose' },
  { method: 'hand', label: 'By hand' },
  { method: 'self-select', label: 'Participants choose a group' },
];

/** Moderators: how many groups, and how people are placed; the server drafts a plan to adjust. */
export function DraftForm() {
  const session = useRoomSession();
  const setBuzzRound = useAppState((state) => state.setBuzzRound);
  const placeable = useAppState(countPlaceable);
  const id = useId();
  const [splitBy, setSplitBy] = useState<'groups' | 'groupSize'>('groups');
  const [count, setCount] = useState(2);
  const [choice, setChoice] = useState(0);
  const [isBusy, run] = useBusyAction();

  const preview = () =>
    run(async () => {
      const { method, attribute } = CHOICES[choice]!;
      const size = Math.max(1, Math.floor(count) || 1);
      const round = await session.perform('buzz:draft', {
        split: splitBy === 'groups' ? { groups: size } : { groupSize: size },
        method,
        ...(attribute ? { attribute } : {}),
      });
      if (round) setBuzzRound(round);
    });

  return (
    <form
      className="buzz-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        preview();
      }}
    >
      <h3 id={`${id}-heading`} className="panel-heading">
        {TEXT.heading}
      </h3>
      <p className="muted">{TEXT.people(placeable)}</p>
      <fieldset>
        <legend>{TEXT.split}</legend>
        {(['groups', 'groupSize'] as const).map((value) => (
          <label key={value} className="poll__choice">
            <input type="radio" name={`${id}-split`} checked={splitBy === value} onChange={() => setSplitBy(value)} />
            <span>{value === 'groups' ? TEXT.groups : TEXT.groupSize}</span>
          </label>
        ))}
      </fieldset>
      <div className="field field--inline">
        <label htmlFor={`${id}-count`}>{splitBy === 'groups' ? TEXT.groups : TEXT.groupSize}</label>
        <input
          id={`${id}-count`}
          type="number"
          min={1}
          max={splitBy === 'groups' ? 500 : 1000}
          value={count}
          onChange={(event) => setCount(event.target.valueAsNumber)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>{TEXT.method}</label>
        <select id={`${id}-method`} value={choice} onChange={(event) => setChoice(Number(event.target.value))}>
          {CHOICES.map((option, index) => (
            <option key={option.label} value={index}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <p className="muted">{TEXT.note}</p>
      <button type="submit" className="button button--primary button--small" aria-disabled={isBusy}>
        {TEXT.preview}
      </button>
    </form>
  );
}
