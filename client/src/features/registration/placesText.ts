import type { TFunction } from 'i18next';
import type { SessionAvailability } from '../../../../shared/registration.js';

/** "12 places left", "Full: 3 waiting", "Full"; null for a session without a limit (nothing worth saying). */
export function placesText(availability: SessionAvailability, t: TFunction): string | null {
  if (availability.placesLeft === null) return null;
  return availability.placesLeft > 0 ? t('registration.places', { count: availability.placesLeft }) : t('registration.full', { count: availability.waiting });
}
