import type { MouseEvent } from 'react';
import { describeError, describeRetrying } from '../../realtime/requestError.js';
import type { DraftDelivery } from './useTextDraft.js';

const TEXT = {
  notSent: (reason: string) => `Not sent yet: ${reason} Your text is kept.`,
  tryAgain: 'Try again',
};

/**
 * Under a draft: "Reconnecting to the server's storage…" while its send is
 * retried by itself, then, if that ran out, why it is not sent yet and a
 * button to send it again. Nothing while all is well.
 */
export function DraftDeliveryStatus({ delivery, onRetry }: { delivery: DraftDelivery; onRetry(): void }) {
  if (delivery.state === 'retrying') {
    return (
      <p className="composer__hint" role="status">
        <span className="spinner" aria-hidden="true" /> {describeRetrying(delivery.error)}
      </p>
    );
  }
  if (delivery.state === 'failed') {
    // Back to the draft's box: once the text is sent this button is gone, and focus would fall to the page.
    const retry = (event: MouseEvent<HTMLButtonElement>) => {
      event.currentTarget.form?.querySelector('textarea')?.focus();
      onRetry();
    };
    return (
      <p className="composer__hint composer__hint--warning" role="alert">
        {TEXT.notSent(describeError(delivery.error))}{' '}
        <button type="button" className="button button--small" onClick={retry}>
          {TEXT.tryAgain}
        </button>
      </p>
    );
  }
  return null;
}
