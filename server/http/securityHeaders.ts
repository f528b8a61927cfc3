import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Where browsers send Content-Security-Policy violation reports (server/http/cspReports.ts). */
export const CSP_REPORT_PATH = '/api/csp-reports';

export interface SecurityHeaderSettings {
  /** This process's address as browsers reach it (PUBLIC_URL), if set. */
  publicUrl: string | undefined;
  /** Origins allowed to show the pages in a frame; none when empty. */
  frameAncestors: string[];
  /**
   * Other origins the client connects to: with several processes, a buzz
   * group's members are sent to the process that hosts the group (its
   * PUBLIC_URL, in an `ELSEWHERE` answer) and open a WebSocket there.
   */
  connectSources: string[];
}

const SCHEME_PAIRS: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'http:', 'wss:': 'https:' };

/**
 * An origin with its twin scheme: Socket.IO reaches `https://host` over
 * `wss://host`, and a host-source only matches its own scheme (an
 * `https:` source does not allow `wss:`).
 */
function withTwinScheme(origin: string): string[] {
  const colon = origin.indexOf(':');
  const scheme = origin.slice(0, colon + 1);
  const twin = SCHEME_PAIRS[scheme];
  return twin ? [origin, `${twin}${origin.slice(colon + 1)}`] : [origin];
}

/**
 * The Content-Security-Policy. Nothing inline runs: the built client is one
 * module script and one stylesheet from this origin (client/index.html has
 * no inline script or style, and React sets `style` properties through the
 * CSSOM, which style-src does not govern). Media and pictures come from the
 * API (recordings) or from the page itself (blob:); the real-time connection
 * goes to this origin (`'self'` covers its ws:/wss: too) or to the other
 * processes listed in CSP_CONNECT_SOURCES.
 */
export function contentSecurityPolicyDirectives(settings: SecurityHeaderSettings): Record<string, string[]> {
  const ownOrigin = settings.publicUrl ? [new URL(settings.publicUrl).origin] : [];
  const connectTo = [...new Set([...ownOrigin, ...settings.connectSources].flatMap(withTwinScheme))];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connectTo],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': settings.frameAncestors.length ? settings.frameAncestors : ["'none'"],
    // report-uri, not report-to: browsers send it at once (report-to is
    // batched, and where both are given it replaces report-uri), which the
    // end-to-end suite relies on to fail a test on any violation.
    'report-uri': [CSP_REPORT_PATH],
  };
  if (settings.publicUrl?.startsWith('https:')) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/** Security headers on every response (pages, assets, API), through helmet. */
export function createSecurityHeaders(settings: SecurityHeaderSettings): RequestHandler {
  const isHttps = settings.publicUrl?.startsWith('https:') ?? false;
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicyDirectives(settings) },
    // Tokens live in URLs (`?invite=`, media `?token=`): no page tells another site where it was.
    referrerPolicy: { policy: 'no-referrer' },
    // frame-ancestors decides; X-Frame-Options only for browsers without CSP, and only when nobody may embed.
    xFrameOptions: settings.frameAncestors.length ? false : { action: 'deny' },
    // Browsers ignore HSTS over http; sending it there would only confuse whoever reads the headers.
    strictTransportSecurity: isHttps,
  }) as RequestHandler;
}
