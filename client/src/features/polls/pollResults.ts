import type { Poll, PollResults } from '../../../../shared/conversation.js';

export interface ResultRow {
  option: string;
  count: number;
  /** Share of the people who voted (0–100, whole numbers): with several choices allowed rows add up to more than 100. */
  percent: number;
}

export function resultRows(poll: Pick<Poll, 'options'>, results: PollResults): ResultRow[] {
  return poll.options.map((option, index) => {
    const count = results.counts[index] ?? 0;
    return { option, count, percent: results.voters > 0 ? Math.round((count / results.voters) * 100) : 0 };
  });
}

/** The options a vote names, as the server wants them: distinct indexes of existing options, in order. */
export function normaliseChoices(choices: readonly number[], optionCount: number): number[] {
  return [...new Set(choices)].filter((index) => Number.isInteger(index) && index >= 0 && index < optionCount).sort((a, b) => a - b);
}
