import { useTranslation } from 'react-i18next';
import { partnerInputSchema } from '../../../../shared/console.js';
import type { PartnerSummary } from '../../../../shared/programme.js';
import { consoleApi } from '../../api/consoleApi.js';
import { FormField } from '../shared/FormField.js';
import { Problem } from './ConsoleFrame.js';
import { DirectoryPanel, type FormEvents } from './DirectoryPanel.js';
import { ImageField } from './ImageField.js';
import { useConsoleForm } from './useConsoleForm.js';

/** The event's partner organisations, with logos, named on sessions. */
export function PartnersPanel({ eventId }: { eventId: string }) {
  return (
    <DirectoryPanel<PartnerSummary>
      kind="partners"
      shape="logo"
      load={(query, offset, signal) => consoleApi.partners(eventId, query, offset, signal)}
      imageOf={(partner) => partner.logoUrl}
      describe={(partner) => [partner.country, partner.link].filter(Boolean).join(' · ')}
      remove={(partner) => consoleApi.deletePartner(eventId, partner.id)}
      form={(partner, on) => <PartnerForm key={partner?.id ?? 'new'} eventId={eventId} partner={partner} on={on} />}
    />
  );
}

function PartnerForm({ eventId, partner, on }: { eventId: string; partner: PartnerSummary | null; on: FormEvents<PartnerSummary> }) {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(
    { name: partner?.name ?? '', country: partner?.country ?? '', link: partner?.link ?? '' },
    partnerInputSchema,
    async (input) => {
      const saved = partner ? await consoleApi.updatePartner(eventId, partner.id, input) : await consoleApi.createPartner(eventId, input);
      on.saved(saved, partner === null);
    },
  );
  const id = (field: string) => `partner-${partner?.id ?? 'new'}-${field}`;
  return (
    <>
      <form className="console-form" onSubmit={onSubmit} noValidate>
        <Problem text={problem} />
        <FormField id={id('name')} label={t('console.partners.name')} autoComplete="off" value={form.name} onChange={set('name')} error={errors.name} />
        <div className="console-form__pair">
          <FormField id={id('country')} label={t('console.directory.country')} hint={t('console.directory.countryHint')} autoComplete="off" value={form.country} onChange={set('country')} error={errors.country} />
          <FormField id={id('link')} type="url" label={t('console.partners.link')} autoComplete="off" value={form.link} onChange={set('link')} error={errors.link} />
        </div>
        {!partner && <p className="field__hint">{t('console.partners.logoAfter')}</p>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={state === 'sending'}>
            {state === 'sending' ? t('console.saving') : partner ? t('console.save') : t('console.partners.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={on.cancel}>
            {partner ? t('console.directory.close') : t('console.cancel')}
          </button>
        </div>
      </form>
      {partner && (
        <ImageField
          label={t('console.partners.logo')}
          shape="logo"
          imageUrl={partner.logoUrl}
          upload={async (file) => on.changed(await consoleApi.setLogo(eventId, partner.id, file))}
          remove={async () => on.changed(await consoleApi.removeLogo(eventId, partner.id))}
        />
      )}
    </>
  );
}
