import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useSchemaForm } from '../shared/useSchemaForm.js';
import { accountErrorText } from './accountErrors.js';

export { Cancelled } from '../shared/useSchemaForm.js';

/** An account form (see useSchemaForm): a refusal is said as the account pages say it. */
export function useAccountForm<F extends Record<string, string>, P>(
  initial: F,
  schema: z.ZodType<P>,
  send: (parsed: P) => Promise<unknown>,
  during: Parameters<typeof accountErrorText>[2],
) {
  const { t } = useTranslation();
  return useSchemaForm(initial, schema, send, (error) => accountErrorText(error, t, during));
}
