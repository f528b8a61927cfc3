import { DateTime } from 'luxon';
import type { MailMessage } from '../mail/outbox.js';

/** The session a letter is about. */
export interface LetterSession {
  id: string;
  title: string;
  startsAt: Date;
  /** The zone its organisers entered it in: the letter gives that time and UTC. */
  timeZone: string;
  eventName: string;
}

export interface Recipient {
  email: string;
  displayName: string;
}

/**
 * A time as letters give it: on the session's own clock and in UTC, since
 * the reader may be anywhere (their agenda shows it in their own zone).
 * English until the languages issue gives accounts a language.
 */
export function letterTime(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  const utc = local.setZone('utc');
  return `${local.setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm')} (${zone}), ${utc.toFormat('HH:mm')} UTC`;
}

const signature = (linkBase: string) =>
  `\n\nYour agenda: ${linkBase}/agenda\n\nYou receive this because you registered for this session on Convene.\n`;

/** A freed place, offered to the first in line until `expiresAt`. */
export function offerLetter(to: Recipient, session: LetterSession, expiresAt: Date, linkBase: string): MailMessage {
  return {
    kind: 'waiting-list-offer',
    to: to.email,
    subject: `A place is free for you: ${session.title}`,
    text:
      `Hello ${to.displayName},\n\n` +
      `A place has become free in "${session.title}" (${session.eventName}), which starts ${letterTime(session.startsAt, session.timeZone)}.\n\n` +
      `It is held for you until ${letterTime(expiresAt, session.timeZone)}. After that it passes to the next person in line.\n\n` +
      `Accept it or decline it on the session's page: ${linkBase}/s/${session.id}` +
      signature(linkBase),
  };
}

/** A place given straight away (the session's limit was lifted while one waited). */
export function placeLetter(to: Recipient, session: LetterSession, linkBase: string): MailMessage {
  return {
    kind: 'waiting-list-place',
    to: to.email,
    subject: `You have a place: ${session.title}`,
    text:
      `Hello ${to.displayName},\n\n` +
      `You were waiting for a place in "${session.title}" (${session.eventName}), which starts ${letterTime(session.startsAt, session.timeZone)}. The organisers made room: the place is yours.\n\n` +
      `If you can no longer come, give it up on the session's page so someone else can: ${linkBase}/s/${session.id}` +
      signature(linkBase),
  };
}

/** An offer that nobody took in time: it went to the next in line. */
export function lapsedLetter(to: Recipient, session: LetterSession, linkBase: string): MailMessage {
  return {
    kind: 'waiting-list-lapsed',
    to: to.email,
    subject: `The place we held for you has passed on: ${session.title}`,
    text:
      `Hello ${to.displayName},\n\n` +
      `The place we held for you in "${session.title}" (${session.eventName}) was not taken in time, so it passed to the next person in line.\n\n` +
      `You can join the waiting list again on the session's page: ${linkBase}/s/${session.id}` +
      signature(linkBase),
  };
}

/** About an hour before a session one has a place in (for those who asked for reminders). */
export function reminderLetter(to: Recipient, session: LetterSession & { roomId: string | null }, linkBase: string): MailMessage {
  const join = session.roomId ? `Join it here: ${linkBase}/r/${session.roomId}\n` : '';
  return {
    kind: 'session-reminder',
    to: to.email,
    subject: `Starting soon: ${session.title}`,
    text:
      `Hello ${to.displayName},\n\n` +
      `"${session.title}" (${session.eventName}) starts ${letterTime(session.startsAt, session.timeZone)}.\n\n` +
      join +
      `The session's page: ${linkBase}/s/${session.id}\n\n` +
      `To stop these reminders, turn them off in your agenda.` +
      signature(linkBase),
  };
}
