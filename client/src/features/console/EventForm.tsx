import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { eventInputSchema, type EventInput } from '../../../../shared/console.js';
import type { EventSummary } from '../../../../shared/programme.js';
import { DEFAULT_OFFER_HOURS } from '../../../../shared/registration.js';
import { localTimeZone } from '../../../../shared/timeZones.js';
import { FormField, SelectField, TextAreaField } from '../shared/FormField.js';
import { Problem } from './ConsoleFrame.js';
import { useConsoleForm } from './useConsoleForm.js';

export type EventFields = Record<'name' | 'slug' | 'theme' | 'description' | 'host' | 'principles' | 'timeZone' | 'startsOn' | 'endsOn' | 'offerHours', string>;

/** An event's fields as the form holds them (strings; principles one per line; hours as typed). */
export function eventFields(event?: EventSummary): EventFields {
  return {
    name: event?.name ?? '',
    slug: event?.slug ?? '',
    theme: event?.theme ?? '',
    description: event?.description ?? '',
    host: event?.host ?? '',
    principles: event?.principles.join('\n') ?? '',
    timeZone: event?.timeZone ?? localTimeZone(),
    startsOn: event?.startsOn ?? '',
    endsOn: event?.endsOn ?? '',
    offerHours: String(event?.offerHours ?? DEFAULT_OFFER_HOURS),
  };
}

/** The form's strings read as the server's schema reads an event (an emptied number reads as 0: "At least 1"). */
export const eventFormSchema = z.preprocess((fields) => {
  const form = fields as EventFields;
  return { ...form, principles: form.principles.split('\n').map((line) => line.trim()).filter(Boolean), offerHours: Number(form.offerHours) };
}, eventInputSchema);

/** Every zone this browser knows, with the chosen one first if it is not among them. */
export function timeZoneOptions(chosen: string): { value: string; label: string }[] {
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const zones = known.includes(chosen) ? known : [chosen, ...known];
  return zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}

interface EventFormProps {
  event?: EventSummary;
  submitText: string;
  send(input: EventInput): Promise<unknown>;
}

/** An event's name, link name, theme, host, principles, time zone and days. */
export function EventForm({ event, submitText, send }: EventFormProps) {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(eventFields(event), eventFormSchema, send, t('console.event.slugTaken'));
  return (
    <form className="console-form" onSubmit={onSubmit} noValidate>
      <Problem text={problem} />
      {state === 'done' && event && (
        <p role="status" className="notice">
          {t('console.saved')}
        </p>
      )}
      <EventFieldset form={form} set={set} errors={errors} />
      <button type="submit" className="button button--primary" disabled={state === 'sending'}>
        {state === 'sending' ? t('console.saving') : submitText}
      </button>
    </form>
  );
}

/** The event's own fields, for the event form and the first-run screen. */
export function EventFieldset({
  form,
  set,
  errors,
}: {
  form: EventFields;
  set(field: keyof EventFields): (value: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormField id="event-name" label={t('console.event.name')} autoComplete="off" value={form.name} onChange={set('name')} error={errors.name} />
      <FormField id="event-slug" label={t('console.event.slug')} hint={t('console.event.slugHint')} autoComplete="off" value={form.slug} onChange={set('slug')} error={errors.slug} />
      <FormField id="event-theme" label={t('console.event.theme')} autoComplete="off" value={form.theme} onChange={set('theme')} error={errors.theme} />
      <FormField id="event-host" label={t('console.event.host')} autoComplete="organization" value={form.host} onChange={set('host')} error={errors.host} />
      <TextAreaField id="event-description" label={t('console.event.description')} value={form.description} onChange={set('description')} error={errors.description} />
      <TextAreaField id="event-principles" label={t('console.event.principles')} hint={t('console.event.principlesHint')} value={form.principles} onChange={set('principles')} error={errors.principles} />
      <SelectField id="event-zone" label={t('console.event.timeZone')} hint={t('console.event.timeZoneHint')} value={form.timeZone} onChange={set('timeZone')} error={errors.timeZone} options={timeZoneOptions(form.timeZone)} />
      <div className="console-form__pair">
        <FormField id="event-starts" type="date" label={t('console.event.startsOn')} autoComplete="off" value={form.startsOn} onChange={set('startsOn')} error={errors.startsOn} />
        <FormField id="event-ends" type="date" label={t('console.event.endsOn')} autoComplete="off" value={form.endsOn} onChange={set('endsOn')} error={errors.endsOn} />
      </div>
      <FormField
        id="event-offer-hours"
        type="number"
        label={t('console.event.offerHours')}
        hint={t('console.event.offerHoursHint')}
        autoComplete="off"
        value={form.offerHours}
        onChange={set('offerHours')}
        error={errors.offerHours}
      />
    </>
  );
}
