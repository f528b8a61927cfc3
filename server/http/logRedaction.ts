import type { LoggerOptions } from 'pino';

/**
 * Secrets never reach the logs. Tokens travel in headers (`Authorization:
 * Bearer`), in paths (`/api/invitations/<token>`) and in query strings
 * (`?invite=`, media `?token=`: a `<video>` cannot send headers), and every
 * one of them is a bearer credential: whoever reads a log line could use it.
 *
 * Every logger the server creates (server/logger.ts) applies these rules to
 * each line, whoever wrote it, so a new log call with a `url` or `headers`
 * field is covered too.
 */

export const REDACTED = '[redacted]';

/** Query parameters that carry a secret, whatever their value looks like. */
const SECRET_PARAMS = new Set([
  'token',
  'invite',
  'invitation',
  'access_token',
  'id_token',
  'refresh_token',
  'auth',
  'authorization',
  'key',
  'api_key',
  'secret',
  'password',
  'signature',
  'code',
]);
/** A mailing-list member's signed links (`?m=<id>&t=<token>`): `t` is their key there (elsewhere a moment, `?t=1m30s`). */
const MEMBER_LINK_PATH = /\/mailing-list\//;

/**
 * Every token this platform issues is a JWT (three base64url parts, the first
 * a JSON header, so it starts with `eyJ`): one under an unknown name, or in
 * a path, is recognised by its shape.
 */
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** `/api/invitations/<token>`: the segment is the invitation, valid or not (a mistyped one is nearly a secret too). */
const INVITATION_PATH = /(\/api\/invitations\/)[^/?#]+/;
/** `/api/agenda/feed/<secret>.ics`: a personal calendar feed's address is its key. */
const AGENDA_FEED_PATH = /(\/api\/agenda\/feed\/)(?!off(?:[/?#]|$))[^/?#]+/;

function decoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

const isSecretValue = (value: string) => JWT_SHAPE.test(decoded(value));

function redactPath(path: string): string {
  return path
    .replace(INVITATION_PATH, `$1${REDACTED}`)
    .replace(AGENDA_FEED_PATH, `$1${REDACTED}`)
    .split('/')
    .map((segment) => (isSecretValue(segment) ? REDACTED : segment))
    .join('/');
}

function redactQuery(query: string, secretNames: ReadonlySet<string> = SECRET_PARAMS): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return isSecretValue(pair) ? REDACTED : pair;
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      return secretNames.has(decoded(name).toLowerCase()) || isSecretValue(value) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * A URL (a request's path and query, or an absolute one such as a referrer)
 * with every secret replaced by `[redacted]`; everything else is kept as sent,
 * so log lines still show what was asked for.
 */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutFragment = hash < 0 ? url : url.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  const fragment = hash < 0 ? '' : `#${REDACTED}`;
  if (question < 0) return redactPath(withoutFragment) + fragment;
  const path = withoutFragment.slice(0, question);
  const secretNames = MEMBER_LINK_PATH.test(path) ? new Set([...SECRET_PARAMS, 't']) : SECRET_PARAMS;
  return `${redactPath(path)}?${redactQuery(withoutFragment.slice(question + 1), secretNames)}${fragment}`;
}

/** Headers whose whole value is a credential. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];
/** Headers that hold a URL (which may carry a token, e.g. a referrer with `?invite=`). */
const URL_HEADERS = ['referer', 'location', 'content-location'];
/** Fields that hold a URL, in any log line or one level down (`req.url`). */
const URL_FIELDS = ['url', 'referrer', 'documentUri', 'blockedUri', 'sourceFile'];

const headerPaths = (headers: string[]) =>
  headers.flatMap((name) => [`headers["${name}"]`, `*.headers["${name}"]`]);

/** The redaction every logger applies (pino's `redact`, run after serializers, on child bindings too). */
export const logRedaction: NonNullable<LoggerOptions['redact']> = {
  paths: [
    ...headerPaths(SECRET_HEADERS),
    ...headerPaths(URL_HEADERS),
    ...URL_FIELDS.flatMap((field) => [field, `*.${field}`]),
    'token',
    '*.token',
  ],
  censor: (value: unknown, path: string[]) => {
    const key = path.at(-1) ?? '';
    const holdsUrl = URL_FIELDS.includes(key) || URL_HEADERS.includes(key);
    return holdsUrl && typeof value === 'string' ? redactUrl(value) : REDACTED;
  },
};

/** What a request's log line keeps of it: the query and route parameters are left out (the URL has them). */
export function requestLogFields(req: {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: unknown;
  remoteAddress?: string;
  remotePort?: number;
}): Record<string, unknown> {
  const { id, method, url, headers, remoteAddress, remotePort } = req;
  return { id, method, url, headers, remoteAddress, remotePort };
}
