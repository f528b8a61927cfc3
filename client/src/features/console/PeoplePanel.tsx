import { useTranslation } from 'react-i18next';
import { personInputSchema } from '../../../../shared/console.js';
import type { PersonSummary } from '../../../../shared/programme.js';
import { consoleApi } from '../../api/consoleApi.js';
import { FormField, TextAreaField } from '../shared/FormField.js';
import { Problem } from './ConsoleFrame.js';
import { DirectoryPanel, type FormEvents } from './DirectoryPanel.js';
import { ImageField } from './ImageField.js';
import { useConsoleForm } from './useConsoleForm.js';

/** The event's people: speakers' and moderators' public profiles, with photos, named on sessions. */
export function PeoplePanel({ eventId }: { eventId: string }) {
  return (
    <DirectoryPanel<PersonSummary>
      kind="people"
      shape="photo"
      load={(query, offset, signal) => consoleApi.people(eventId, query, offset, signal)}
      imageOf={(person) => person.photoUrl}
      describe={(person) => [person.pronouns, person.organisation, person.country].filter(Boolean).join(' · ')}
      remove={(person) => consoleApi.deletePerson(eventId, person.id)}
      form={(person, on) => <PersonForm key={person?.id ?? 'new'} eventId={eventId} person={person} on={on} />}
    />
  );
}

function PersonForm({ eventId, person, on }: { eventId: string; person: PersonSummary | null; on: FormEvents<PersonSummary> }) {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(
    {
      name: person?.name ?? '',
      pronouns: person?.pronouns ?? '',
      organisation: person?.organisation ?? '',
      country: person?.country ?? '',
      biography: person?.biography ?? '',
    },
    personInputSchema,
    async (input) => {
      const saved = person ? await consoleApi.updatePerson(eventId, person.id, input) : await consoleApi.createPerson(eventId, input);
      on.saved(saved, person === null);
    },
  );
  const id = (field: string) => `person-${person?.id ?? 'new'}-${field}`;
  return (
    <>
      <form className="console-form" onSubmit={onSubmit} noValidate>
        <Problem text={problem} />
        <FormField id={id('name')} label={t('console.people.name')} autoComplete="off" value={form.name} onChange={set('name')} error={errors.name} />
        <div className="console-form__pair">
          <FormField id={id('pronouns')} label={t('console.people.pronouns')} hint={t('console.people.pronounsHint')} autoComplete="off" value={form.pronouns} onChange={set('pronouns')} error={errors.pronouns} />
          <FormField id={id('country')} label={t('console.directory.country')} hint={t('console.directory.countryHint')} autoComplete="off" value={form.country} onChange={set('country')} error={errors.country} />
        </div>
        <FormField id={id('organisation')} label={t('console.people.organisation')} autoComplete="off" value={form.organisation} onChange={set('organisation')} error={errors.organisation} />
        <TextAreaField id={id('biography')} rows={4} label={t('console.people.biography')} value={form.biography} onChange={set('biography')} error={errors.biography} />
        {!person && <p className="field__hint">{t('console.people.photoAfter')}</p>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={state === 'sending'}>
            {state === 'sending' ? t('console.saving') : person ? t('console.save') : t('console.people.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={on.cancel}>
            {person ? t('console.directory.close') : t('console.cancel')}
          </button>
        </div>
      </form>
      {person && (
        <ImageField
          label={t('console.people.photo')}
          shape="photo"
          imageUrl={person.photoUrl}
          upload={async (file) => on.changed(await consoleApi.setPhoto(eventId, person.id, file))}
          remove={async () => on.changed(await consoleApi.removePhoto(eventId, person.id))}
        />
      )}
    </>
  );
}
