import { z } from 'zod';
import { announcementInputSchema, type AnnouncementView } from '../../../../shared/mailingList.js';

/** An announcement's form as typed: '' for "any" region or language. The topics are a list beside it. */
export type AnnouncementFields = Record<'subject' | 'text' | 'region' | 'language', string>;

export function announcementFields(announcement?: AnnouncementView): AnnouncementFields {
  return {
    subject: announcement?.subject ?? '',
    text: announcement?.text ?? '',
    region: announcement?.audience.region ?? '',
    language: announcement?.audience.language ?? '',
  };
}

/** The form's strings and the topics ticked, read as the server reads an announcement: nothing chosen is everyone. */
export function announcementFormSchema(topics: readonly string[]) {
  return z.preprocess((fields) => {
    const form = fields as AnnouncementFields;
    return {
      subject: form.subject,
      text: form.text,
      audience: { topics: [...topics], region: form.region === '' ? null : form.region, language: form.language === '' ? null : form.language },
    };
  }, announcementInputSchema);
}

/**
 * The topics to tick: the event's, then any a draft names that the event
 * no longer has (renamed or deleted), so they can be seen and unticked.
 */
export function topicChoices(eventTopics: readonly string[], chosen: readonly string[]): string[] {
  return [...eventTopics, ...chosen.filter((topic) => !eventTopics.includes(topic))];
}

/** Whether the list must be read again soon: an announcement is still being written out. */
export const isAnySending = (announcements: readonly Pick<AnnouncementView, 'state'>[]): boolean =>
  announcements.some((announcement) => announcement.state === 'sending');
