import { describe, expect, it } from 'vitest';
import { requestIdSchema } from '../../../shared/conversationSchemas.js';
import { ActionIds, newRequestId } from './requestId.js';

describe('request ids', () => {
  it('are accepted by the server and differ every time', () => {
    const ids = Array.from({ length: 50 }, () => newRequestId());
    for (const id of ids) expect(requestIdSchema.safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stay with an action sent again until it goes through', () => {
    const ids = new ActionIds();
    const first = ids.idFor('room:hello');
    // Timed out, or refused: the person presses send again with the same text.
    expect(ids.idFor('room:hello')).toBe(first);
    // Another text is another action.
    expect(ids.idFor('room:goodbye')).not.toBe(first);
    ids.succeeded('room:hello');
    // The same words again after they went through: a new message.
    expect(ids.idFor('room:hello')).not.toBe(first);
  });

  it('leave other actions alone when one goes through', () => {
    const ids = new ActionIds();
    const hello = ids.idFor('hello');
    const goodbye = ids.idFor('goodbye');
    ids.succeeded('hello');
    expect(ids.idFor('goodbye')).toBe(goodbye);
    expect(ids.idFor('hello')).not.toBe(hello);
  });
});
