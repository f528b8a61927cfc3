import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useSchemaForm } from '../shared/useSchemaForm.js';
import { consoleErrorText } from './consoleErrors.js';

/** A console form (see useSchemaForm): a refusal is said as the console says it; `conflict` for a CONFLICT. */
export function useConsoleForm<F extends Record<string, string>, P>(
  initial: F,
  schema: z.ZodType<P>,
  send: (parsed: P) => Promise<unknown>,
  conflict?: string,
) {
  const { t } = useTranslation();
  return useSchemaForm(initial, schema, send, (error) => consoleErrorText(error, t, conflict));
}
