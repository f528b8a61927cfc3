import type { ConsoleApplication } from '../../shared/calls.js';
import type { MailMessage } from '../mail/outbox.js';

/**
 * The organisers' decision on an application, with their message, to the
 * applicant's address. English until the languages issue gives accounts a
 * language; always plain text.
 */
export function decisionLetter(application: ConsoleApplication, eventName: string, linkBase: string): MailMessage {
  const accepted = application.state === 'accepted';
  const next = application.sessionId
    ? `Complete your session, which the organisers then publish: ${linkBase}/my-sessions/${application.sessionId}\n\n`
    : accepted
      ? `Your agenda: ${linkBase}/agenda\n\n`
      : '';
  const message = application.message ? `A word from the organisers:\n\n${application.message}\n\n` : '';
  return {
    kind: accepted ? 'application-accepted' : 'application-declined',
    to: application.email,
    subject: `${accepted ? 'Accepted' : 'Not accepted this time'}: ${application.summary} (${application.callTitle})`,
    text:
      `Hello ${application.displayName},\n\n` +
      (accepted
        ? `The organisers of ${eventName} accepted your application to "${application.callTitle}": ${application.summary}.\n\n`
        : `The organisers of ${eventName} did not accept your application to "${application.callTitle}" this time: ${application.summary}.\n\n`) +
      message +
      next +
      `You receive this because you applied on Convene.\n`,
  };
}
