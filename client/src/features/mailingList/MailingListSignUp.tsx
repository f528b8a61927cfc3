// First: before any shared schema is built (see zodConfig.ts).
import '../../zodConfig.js';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { mailingListApi } from '../../api/mailingListApi.js';
import { FormField } from '../shared/FormField.js';
import { useSchemaForm } from '../shared/useSchemaForm.js';
import { mailingListErrorText } from './mailingListErrors.js';
import { preferenceFields, signUpFormSchema, type SignUpFields } from './mailingListForm.js';
import { PreferenceChoices } from './PreferenceChoices.js';
import '../shared/forms.css';

interface MailingListSignUpProps {
  slug: string;
  /** The event's topics' names. */
  topics: readonly string[];
}

/**
 * Joining an event's mailing list: an address and preferences, then a link
 * mailed to confirm it. The server answers alike whether or not the address
 * was on the list, and so does this form: nobody learns who is on it.
 * Loaded lazily (it brings the shared schemas, zod) by the event's page.
 */
export default function MailingListSignUp({ slug, topics }: MailingListSignUpProps) {
  const { t, i18n } = useTranslation();
  const initial: SignUpFields = { email: '', ...preferenceFields(null, i18n.language) };
  const { form, setForm, set, errors, problem, state, setState, onSubmit } = useSchemaForm(
    initial,
    signUpFormSchema,
    async (input) => {
      await mailingListApi.signUp(slug, input);
      requestAnimationFrame(() => outcomeRef.current?.focus());
    },
    (error) => mailingListErrorText(error, t, 'signUp'),
  );
  const outcomeRef = useRef<HTMLDivElement>(null);
  const startAgain = () => {
    setForm(initial);
    setState('editing');
    // The button pressed is gone: the address field takes the place.
    requestAnimationFrame(() => document.getElementById('mailing-list-email')?.focus());
  };
  return (
    <>
      <div role="status" ref={outcomeRef} tabIndex={-1} className="page-outcome">
        {state === 'done' && <p className="notice">{t('mailingList.checkEmail')}</p>}
      </div>
      {state === 'done' ? (
        <button type="button" className="button button--secondary" onClick={startAgain}>
          {t('mailingList.another')}
        </button>
      ) : (
        <form className="page-form" onSubmit={onSubmit} noValidate>
          {problem && (
            <p className="notice notice--error" role="alert">
              {problem}
            </p>
          )}
          <FormField id="mailing-list-email" type="email" label={t('mailingList.email')} autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
          <PreferenceChoices idPrefix="mailing-list" form={form} set={set} errors={errors} topicChoices={topics} />
          <button type="submit" className="button button--primary" disabled={state === 'sending'}>
            {state === 'sending' ? t('mailingList.sending') : t('mailingList.submit')}
          </button>
        </form>
      )}
    </>
  );
}
