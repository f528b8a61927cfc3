import type { MailMessage } from '../mail/outbox.js';

/**
 * Letters of an event's mailing list. English around what organisers
 * write (the languages issue translates the frame); always plain text.
 */
export function confirmationLetter(to: string, eventName: string, confirmUrl: string): MailMessage {
  return {
    kind: 'mailing-list-confirm',
    to,
    subject: `Confirm: ${eventName} mailing list`,
    text:
      `Someone (perhaps you) asked for this address to join the mailing list of ${eventName}.\n\n` +
      `To join, confirm here: ${confirmUrl}\n\n` +
      `If it was not you, ignore this message: nothing more will be sent, and the address is forgotten within a week.\n`,
  };
}

/**
 * An announcement as one member receives it: its footer says why, and
 * links to their preferences and to leave; the `List-Unsubscribe` headers
 * let their mail program unsubscribe them in one click (RFC 8058).
 */
export function announcementLetter(
  to: string,
  announcement: { subject: string; text: string },
  list: { eventName: string; eventSlug: string; host: string },
  links: { preferencesUrl: string; unsubscribePageUrl: string; oneClickUrl: string },
): MailMessage {
  return {
    kind: 'mailing-list',
    to,
    subject: announcement.subject,
    text:
      `${announcement.text}\n\n-- \n` +
      `You receive this because you joined the mailing list of ${list.eventName}.\n` +
      `Your preferences: ${links.preferencesUrl}\n` +
      `Unsubscribe: ${links.unsubscribePageUrl}\n`,
    headers: {
      'List-Unsubscribe': `<${links.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `${list.eventName.replace(/[<>"\r\n]/g, '')} <${list.eventSlug}.list.${list.host}>`,
    },
  };
}
