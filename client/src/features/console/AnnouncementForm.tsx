import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnouncementInput, AnnouncementView } from '../../../../shared/mailingList.js';
import { REGIONS } from '../../../../shared/regions.js';
import { consoleApi } from '../../api/consoleApi.js';
import { LANGUAGE_CHOICES } from '../identity/profileChoices.js';
import { languageName } from '../programme/programmeText.js';
import { CheckboxField, FormField, SelectField, TextAreaField } from '../shared/FormField.js';
import { announcementFields, announcementFormSchema, topicChoices } from './announcementForm.js';
import { Problem } from './ConsoleFrame.js';
import { useConsoleForm } from './useConsoleForm.js';

interface AnnouncementFormProps {
  eventId: string;
  /** The event's topic names: members choose among them. */
  topics: readonly string[];
  /** The draft to edit; none for a new one. */
  announcement?: AnnouncementView | undefined;
  onSaved(announcement: AnnouncementView): void;
  onCancel(): void;
}

/** An announcement's subject, text and audience (topics, region, language: none chosen is everyone), saved as a draft. */
export function AnnouncementForm({ eventId, topics, announcement, onSaved, onCancel }: AnnouncementFormProps) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(announcement?.audience.topics ?? []);
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(
    announcementFields(announcement),
    announcementFormSchema(chosen),
    async (input: AnnouncementInput) => {
      onSaved(announcement ? await consoleApi.updateAnnouncement(eventId, announcement.id, input) : await consoleApi.createAnnouncement(eventId, input));
    },
    t('console.announcements.alreadySent'),
  );
  const idPrefix = announcement ? `announcement-${announcement.id}` : 'new-announcement';
  const languages = LANGUAGE_CHOICES.some((choice) => choice.value === form.language) || form.language === ''
    ? LANGUAGE_CHOICES
    : [{ value: form.language, label: languageName(form.language, i18n.language) }, ...LANGUAGE_CHOICES];
  const toggle = (topic: string) => (value: string) =>
    setChosen((current) => (value === 'true' ? [...current.filter((known) => known !== topic), topic] : current.filter((known) => known !== topic)));
  const topicList = topicChoices(topics, chosen);
  return (
    <form className="console-form" onSubmit={onSubmit} noValidate>
      <Problem text={problem} />
      <FormField id={`${idPrefix}-subject`} label={t('console.announcements.subject')} autoComplete="off" value={form.subject} onChange={set('subject')} error={errors.subject} />
      <TextAreaField
        id={`${idPrefix}-text`}
        rows={10}
        label={t('console.announcements.text')}
        hint={t('console.announcements.textHint')}
        value={form.text}
        onChange={set('text')}
        error={errors.text}
      />
      <fieldset className="console-fieldset" aria-describedby={`${idPrefix}-audience-hint`}>
        <legend>{t('console.announcements.audience')}</legend>
        <p id={`${idPrefix}-audience-hint`} className="field__hint">
          {t('console.announcements.audienceHint')}
        </p>
        <fieldset className="announcement-topics">
          <legend>{t('console.announcements.topics')}</legend>
          {topicList.length === 0 ? (
            <p className="muted">{t('console.announcements.noTopics')}</p>
          ) : (
            topicList.map((topic, index) => (
              <CheckboxField key={topic} id={`${idPrefix}-topic-${index}`} label={topic} value={String(chosen.includes(topic))} onChange={toggle(topic)} />
            ))
          )}
          {errors.audience && <p className="field__error">{errors.audience}</p>}
        </fieldset>
        <SelectField
          id={`${idPrefix}-region`}
          label={t('console.announcements.region')}
          value={form.region}
          onChange={set('region')}
          options={[{ value: '', label: t('console.announcements.anyRegion') }, ...REGIONS.map((region) => ({ value: region, label: t(`registration.regions.${region}`) }))]}
        />
        <SelectField
          id={`${idPrefix}-language`}
          label={t('console.announcements.language')}
          value={form.language}
          onChange={set('language')}
          options={[{ value: '', label: t('console.announcements.anyLanguage') }, ...languages]}
        />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('console.saving') : t('console.announcements.saveDraft')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('console.cancel')}
        </button>
      </div>
    </form>
  );
}
