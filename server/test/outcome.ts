import { AppError } from '../../shared/errors.js';

/**
 * What running a domain rule comes to, for tables of rules in unit tests:
 * the code of the AppError it threw, or its result as text (`'ok'` when it
 * returns nothing). Any other error is a bug, and says so.
 */
export function outcomeOf<T>(run: () => T, describe: (value: T) => string = describeValue): string {
  try {
    return describe(run());
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

const describeValue = (value: unknown): string => (value === undefined ? 'ok' : String(value));
