import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { MemberPreferences } from '../../../../shared/mailingList.js';
import { mailingListApi, type MemberLink } from '../../api/mailingListApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { useSchemaForm } from '../shared/useSchemaForm.js';
import { BadLink, MailingListFrame } from './MailingListFrame.js';
import { mailingListCodeText, mailingListErrorText } from './mailingListErrors.js';
import { memberLinkOf, memberPagePath, preferenceFields, preferencesFormSchema } from './mailingListForm.js';
import { PreferenceChoices } from './PreferenceChoices.js';

/** `/mailing-list/preferences?m=&t=`: a member's topics, region and language, from the link in each list message. */
export function PreferencesPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const link = useMemo(() => memberLinkOf(search), [search]);
  return <MailingListFrame heading={t('mailingList.preferences.heading')}>{link ? <LoadedPreferences link={link} /> : <BadLink />}</MailingListFrame>;
}

function LoadedPreferences({ link }: { link: MemberLink }) {
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => mailingListApi.preferences(link, signal), `${link.m}:${link.t}`);
  switch (state.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          {t('mailingList.preferences.loading')}
        </p>
      );
    case 'missing':
      return (
        <p className="notice notice--error" role="alert">
          {t('mailingList.errors.linkInvalid')}
        </p>
      );
    case 'error':
      return (
        <div className="notice notice--error" role="alert">
          <p>{mailingListCodeText(state.code, t)}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('programme.retry')}
          </button>
        </div>
      );
    case 'loaded':
      return <PreferencesForm link={link} initial={state.value} />;
  }
}

function PreferencesForm({ link, initial }: { link: MemberLink; initial: MemberPreferences }) {
  const { t, i18n } = useTranslation();
  const [preferences, setPreferences] = useState(initial);
  const { form, set, errors, problem, state, onSubmit } = useSchemaForm(
    preferenceFields(initial, i18n.language),
    preferencesFormSchema,
    async (input) => setPreferences(await mailingListApi.savePreferences(link, input)),
    (error) => mailingListErrorText(error, t),
  );
  return (
    <>
      <p>{t('mailingList.preferences.whose', { email: preferences.email, event: preferences.eventName })}</p>
      <form className="page-form" onSubmit={onSubmit} noValidate>
        <div role="status" className="page-outcome">
          {state === 'done' && <p className="notice">{t('mailingList.preferences.saved')}</p>}
        </div>
        {problem && (
          <p className="notice notice--error" role="alert">
            {problem}
          </p>
        )}
        <PreferenceChoices idPrefix="preferences" form={form} set={set} errors={errors} topicChoices={preferences.topicChoices} />
        <button type="submit" className="button button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('mailingList.preferences.saving') : t('mailingList.preferences.save')}
        </button>
      </form>
      <p className="mailing-list-page__leave">
        <Link to={memberPagePath('unsubscribe', link)}>{t('mailingList.preferences.leave')}</Link>
      </p>
    </>
  );
}
