import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { redactUrl } from './logRedaction.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('redactUrl', () => {
  it('hides invitation tokens in paths, whatever their shape', () => {
    expect(redactUrl(`/api/invitations/${JWT}`)).toBe('/api/invitations/[redacted]');
    expect(redactUrl('/api/invitations/not-even-a-jwt?x=1')).toBe('/api/invitations/[redacted]?x=1');
  });

  it('hides secret query parameters by name, keeping the others as sent', () => {
    expect(redactUrl('/r/people-power?invite=abc&lang=fr')).toBe('/r/people-power?invite=[redacted]&lang=fr');
    expect(redactUrl('/api/recordings/1/media/video?download=1&token=abc')).toBe(
      '/api/recordings/1/media/video?download=1&token=[redacted]',
    );
    expect(redactUrl('/x?TOKEN=abc&Access_Token=def')).toBe('/x?TOKEN=[redacted]&Access_Token=[redacted]');
    expect(redactUrl('/api/mailing-list/unsubscribe?m=0b7f3c1e&t=abcDEF_-')).toBe('/api/mailing-list/unsubscribe?m=0b7f3c1e&t=[redacted]');
    expect(redactUrl('https://convene.example/mailing-list/preferences?m=1&t=abc')).toBe('https://convene.example/mailing-list/preferences?m=1&t=[redacted]');
  });

  it('hides a calendar feed’s secret, and leaves the feed’s own routes as they are', () => {
    expect(redactUrl('/api/agenda/feed/AbCdEf0123456789_-AbCdEf0123456789_-AbCdEf0.ics')).toBe('/api/agenda/feed/[redacted]');
    expect(redactUrl('/api/agenda/feed/off')).toBe('/api/agenda/feed/off');
    expect(redactUrl('/api/agenda/feed')).toBe('/api/agenda/feed');
  });

  it('hides a token under any name or in any path segment by its shape, also percent-encoded', () => {
    expect(redactUrl(`/api/anything/${JWT}/more?q=${JWT}`)).toBe('/api/anything/[redacted]/more?q=[redacted]');
    expect(redactUrl(`/x?q=${JWT.replace(/\./g, '%2E')}`)).toBe('/x?q=[redacted]');
    expect(redactUrl(`/x?${JWT}`)).toBe('/x?[redacted]');
  });

  it('works on absolute URLs (referrers) and leaves plain ones alone', () => {
    expect(redactUrl(`https://events.example/r/a?invite=${JWT}#t=3`)).toBe('https://events.example/r/a?invite=[redacted]#[redacted]');
    expect(redactUrl('/api/recordings?q=climate&track=youth&t=90')).toBe('/api/recordings?q=climate&track=youth&t=90');
    expect(redactUrl('/api/recordings/3cc3a731-8c76-45d8-8ed3-0e95bfc61f02')).toBe(
      '/api/recordings/3cc3a731-8c76-45d8-8ed3-0e95bfc61f02',
    );
  });
});

describe('the logger', () => {
  function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('redacts URLs, credentials and tokens in any line, also in child loggers', () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', 'test', stream);
    logger.error({ url: `/api/invitations/${JWT}` }, 'request failed');
    logger.child({ req: { url: `/r/a?invite=${JWT}`, headers: { authorization: `Bearer ${JWT}`, cookie: 's=1', referer: `/r/a?invite=${JWT}` } } }).info('x');
    logger.info({ res: { headers: { 'set-cookie': ['s=1'], location: `/r/a?invite=${JWT}` } }, token: JWT }, 'y');
    const [failed, child, response] = lines();
    expect(failed).toMatchObject({ url: '/api/invitations/[redacted]' });
    expect(child).toMatchObject({
      req: { url: '/r/a?invite=[redacted]', headers: { authorization: '[redacted]', cookie: '[redacted]', referer: '/r/a?invite=[redacted]' } },
    });
    expect(response).toMatchObject({ res: { headers: { 'set-cookie': '[redacted]', location: '/r/a?invite=[redacted]' } }, token: '[redacted]' });
    expect(JSON.stringify(lines())).not.toContain(JWT);
  });

  it('adds nothing to lines without those fields', () => {
    const { stream, lines } = capture();
    createLogger('info', 'test', stream).info({ roomId: 'a' }, 'room opened');
    expect(Object.keys(lines()[0]!)).not.toContain('url');
  });
});
