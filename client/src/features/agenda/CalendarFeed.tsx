import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaView } from '../../../../shared/registration.js';
import { registrationApi } from '../../api/registrationApi.js';
import { registrationErrorText } from '../registration/registrationErrors.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useConfirm } from '../shared/useConfirm.js';

interface CalendarFeedProps {
  /** The private feed's address (absolute, or a path of this site); null while off. */
  feedUrl: string | null;
  onChanged(view: AgendaView): void;
}

/**
 * The private calendar feed: off, a button to turn it on; on, its address
 * to copy into a calendar app, a new address (the old one stops working:
 * for an address that leaked) and a way to turn it off, both confirmed.
 */
export function CalendarFeed({ feedUrl, onChanged }: CalendarFeedProps) {
  const { t } = useTranslation();
  const [isBusy, run] = useBusyAction();
  const { ask, dialog } = useConfirm();
  // What the section's one live region says: the last change's outcome, or whether the address was copied.
  const [said, setSaid] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  const address = feedUrl === null ? null : new URL(feedUrl, window.location.origin).href;
  const busy = isBusy || undefined;

  const change = (send: () => Promise<AgendaView>, outcome: string, { movesFocus }: { movesFocus: boolean }) =>
    run(async () => {
      setSaid('');
      setProblem(null);
      try {
        onChanged(await send());
        setSaid(outcome);
        // Turning on or off removes the button pressed: the section's heading keeps the place.
        if (movesFocus) headingRef.current?.focus();
      } catch (error) {
        setProblem(registrationErrorText(error, t, 'agenda'));
      }
    });

  const copy = () => {
    if (!address) return;
    // Without the clipboard (an older browser, a page not served over HTTPS): the address is selected, for the person to copy.
    const byHand = () => {
      addressRef.current?.select();
      setSaid(t('agenda.feed.copyByHand'));
    };
    if (!navigator.clipboard) return byHand();
    navigator.clipboard.writeText(address).then(() => setSaid(t('agenda.feed.copied')), byHand);
  };

  return (
    <section className="panel calendar-feed" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading" ref={headingRef} tabIndex={-1}>
        {t('agenda.feed.heading')}
      </h2>
      {address === null ? (
        <>
          <p className="muted">{t('agenda.feed.off')}</p>
          <button type="button" className="button button--primary" aria-disabled={busy} onClick={() => change(registrationApi.renewFeed, t('agenda.feed.turnedOn'), { movesFocus: true })}>
            {t('agenda.feed.turnOn')}
          </button>
        </>
      ) : (
        <>
          <p id="calendar-feed-explain">{t('agenda.feed.explain')}</p>
          <div className="field">
            <label htmlFor="calendar-feed-address">{t('agenda.feed.address')}</label>
            <div className="calendar-feed__address">
              <input
                id="calendar-feed-address"
                ref={addressRef}
                readOnly
                value={address}
                aria-describedby="calendar-feed-explain"
                onFocus={(event) => event.target.select()}
              />
              <button type="button" className="button button--secondary" onClick={copy}>
                {t('agenda.feed.copy')}
              </button>
            </div>
          </div>
          <p>
            <a href={address.replace(/^https?:/, 'webcal:')}>{t('agenda.feed.open')}</a>
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              aria-disabled={busy}
              onClick={() =>
                ask({
                  title: t('agenda.feed.renewTitle'),
                  body: t('agenda.feed.renewBody'),
                  confirmText: t('agenda.feed.renew'),
                  act: () => change(registrationApi.renewFeed, t('agenda.feed.renewed'), { movesFocus: false }),
                })
              }
            >
              {t('agenda.feed.renew')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              aria-disabled={busy}
              onClick={() =>
                ask({
                  title: t('agenda.feed.turnOffTitle'),
                  body: t('agenda.feed.turnOffBody'),
                  confirmText: t('agenda.feed.turnOff'),
                  act: () => change(registrationApi.turnFeedOff, t('agenda.feed.turnedOff'), { movesFocus: true }),
                })
              }
            >
              {t('agenda.feed.turnOff')}
            </button>
          </div>
        </>
      )}
      {/* One live region for the whole section, always there (one appearing with its text is not reliably read out). */}
      <p role="status">{said}</p>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {dialog}
    </section>
  );
}
