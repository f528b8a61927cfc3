import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.js';
import { fieldErrors } from '../shared/useSchemaForm.js';
import { applicationFields, applicationFormSchema } from './applicationForm.js';

const t = i18n.t.bind(i18n);
const questions = ['What would you talk about?', 'Who are you with?'];

describe('the application form', () => {
  it('starts empty, or from one’s application, with a field for each question', () => {
    expect(applicationFields(questions, null)).toEqual({ summary: '', answer0: '', answer1: '' });
    // An application made before a question was added has no answer to it yet.
    expect(applicationFields(questions, { summary: 'Civic space', answers: ['Shrinking civic space'] })).toEqual({
      summary: 'Civic space',
      answer0: 'Shrinking civic space',
      answer1: '',
    });
  });

  it('reads its fields as the server reads an application, answers in the call’s order', () => {
    const form = { summary: '  Civic space ', answer0: ' Organising across borders ', answer1: '' };
    expect(applicationFormSchema(2).parse(form)).toEqual({ summary: 'Civic space', answers: ['Organising across borders', ''] });
    expect(applicationFormSchema(0).parse({ summary: 'A pop-up in Lima' })).toEqual({ summary: 'A pop-up in Lima', answers: [] });
  });

  it('says each problem at its own question', () => {
    const parsed = applicationFormSchema(2).safeParse({ summary: ' ', answer0: '', answer1: 'x'.repeat(4001) });
    expect(fieldErrors(parsed.error!.issues, t)).toEqual({ summary: 'Required.', answer1: 'At most 4000 characters.' });
  });
});
