import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from '../../../../shared/console.js';
import { RequestError } from '../../realtime/requestError.js';
import { consoleErrorText } from './consoleErrors.js';
import { useConfirm } from '../shared/useConfirm.js';

interface ImageFieldProps {
  label: string;
  /** The picture now, or null. */
  imageUrl: string | null;
  /** How it shows: a round photo or a logo as drawn. */
  shape: 'photo' | 'logo';
  upload(file: File): Promise<unknown>;
  remove(): Promise<unknown>;
}

/**
 * A photo or logo: the current one, a file chooser that sends at once
 * (checked here for type and size first, so nobody waits for five
 * megabytes to be refused), progress while it goes, and removal after
 * confirming. The server checks the content again and re-encodes it.
 */
export function ImageField({ label, imageUrl, shape, upload, remove }: ImageFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const { ask, dialog } = useConfirm();
  const [state, setState] = useState<'idle' | 'sending'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const run = (action: () => Promise<unknown>) => {
    setState('sending');
    setProblem(null);
    action().then(
      () => setState('idle'),
      (error: unknown) => {
        setState('idle');
        setProblem(error instanceof RequestError && error.code === 'INVALID_PAYLOAD' ? t('console.image.unreadable') : consoleErrorText(error, t));
      },
    );
  };
  const onChoose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) setProblem(t('console.image.wrongType'));
    else if (file.size > MAX_IMAGE_BYTES) setProblem(t('console.image.tooLarge', { megabytes: MAX_IMAGE_BYTES / 1024 / 1024 }));
    else run(() => upload(file));
  };
  return (
    <div className="field image-field">
      <label htmlFor={id}>{label}</label>
      <div className="image-field__row">
        {imageUrl ? (
          <img className={`picture picture--${shape} picture--large`} src={imageUrl} alt={t('console.image.current')} />
        ) : (
          <span className={`picture picture--${shape} picture--large picture--none`} aria-hidden="true" />
        )}
        <div>
          <input id={id} type="file" accept={IMAGE_TYPES.join(',')} onChange={onChoose} disabled={state === 'sending'} aria-describedby={`${id}-hint`} />
          <p id={`${id}-hint`} className="field__hint">
            {t('console.image.hint', { megabytes: MAX_IMAGE_BYTES / 1024 / 1024 })}
          </p>
          {imageUrl && (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={state === 'sending'}
              onClick={() => ask({ title: t('console.image.remove'), body: t('console.image.removeConfirm'), confirmText: t('console.image.remove'), act: () => run(remove) })}
            >
              {t('console.image.remove')}
            </button>
          )}
        </div>
      </div>
      {state === 'sending' && (
        <p role="status" className="muted">
          {t('console.image.sending')}
        </p>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      {dialog}
    </div>
  );
}
