import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import type { AnnouncementView } from '../../../../shared/mailingList.js';
import { i18n } from '../../i18n/i18n.js';
import { fieldErrors } from '../shared/useSchemaForm.js';
import { announcementFields, announcementFormSchema, isAnySending, topicChoices } from './announcementForm.js';

const draft: AnnouncementView = {
  id: 'a1',
  subject: 'The programme is out',
  text: 'Read it.',
  audience: { topics: ['Digital rights'], region: 'africa', language: 'fr' },
  state: 'draft',
  recipients: 0,
  written: 0,
  createdBy: 'Mia',
  createdAt: '2027-01-10T10:00:00.000Z',
  sentAt: null,
};

describe('the announcement form reads as the server reads an announcement', () => {
  it('reads nothing chosen as everyone on the list', () => {
    const parsed = announcementFormSchema([]).parse({ ...announcementFields(), subject: ' News ', text: 'Hello' });
    expect(parsed).toEqual({ subject: 'News', text: 'Hello', audience: { topics: [], region: null, language: null } });
  });

  it('narrows the audience by each part chosen', () => {
    const parsed = announcementFormSchema(['Digital rights', 'Funding']).parse(announcementFields(draft));
    expect(parsed.audience).toEqual({ topics: ['Digital rights', 'Funding'], region: 'africa', language: 'fr' });
  });

  it('says at each field what the server would refuse', () => {
    const t = i18n.t.bind(i18n);
    const parsed = announcementFormSchema([]).safeParse({ subject: '', text: '  ', region: 'atlantis', language: '' });
    expect(fieldErrors(parsed.error!.issues, t)).toEqual({ subject: 'Required.', text: 'Required.', audience: 'Check this value.' });
  });
});

describe('topicChoices', () => {
  it('offers the event’s topics, then those a draft names that the event no longer has', () => {
    expect(topicChoices(['Funding', 'Digital rights'], ['Digital rights', 'Old topic'])).toEqual(['Funding', 'Digital rights', 'Old topic']);
    expect(topicChoices([], [])).toEqual([]);
  });
});

describe('isAnySending', () => {
  it('is true while any announcement is still being written out', () => {
    expect(isAnySending([])).toBe(false);
    expect(isAnySending([{ state: 'draft' }, { state: 'sent' }])).toBe(false);
    expect(isAnySending([{ state: 'sent' }, { state: 'sending' }])).toBe(true);
  });
});
