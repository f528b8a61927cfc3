import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      logLevel: 'info',
      rtc: { listenIp: '0.0.0.0', minPort: 40000, maxPort: 49999 },
    });
    expect(config.mediaWorkers).toBeGreaterThanOrEqual(1);
    expect(config.dataDir).toMatch(/data$/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('names each bad variable and what it expects', () => {
    const found = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/x',
      REDIS_URL: 'redis://localhost:6379',
      LOG_LEVEL: 'loud',
      RTC_LISTEN_IP: 'localhost',
      RTC_MIN_PORT: '50000',
      RTC_MAX_PORT: '40000',
      TOKEN_SECRET: 'short',
    });
    const named = found.map((problem) => problem.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'RTC_LISTEN_IP', 'TOKEN_SECRET']),
    );
    expect(found.find((p) => p.startsWith('DATABASE_URL'))).toContain('PostgreSQL');
    expect(found.find((p) => p.startsWith('PORT'))).toContain('"eighty"');
  });

  it('requires a shared token secret when several processes share Redis', () => {
    expect(problems({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([
      expect.stringMatching(/^TOKEN_SECRET: required when REDIS_URL is set/),
    ]);
    expect(problems({ REDIS_URL: 'redis://127.0.0.1:6379', TOKEN_SECRET: 'x'.repeat(32) })).toEqual([]);
  });

  it('checks the RTC port range order', () => {
    expect(problems({ RTC_MIN_PORT: '41000', RTC_MAX_PORT: '40000' })).toEqual([
      expect.stringMatching(/^RTC_MAX_PORT: expected RTC_MAX_PORT to be greater/),
    ]);
  });

  it('keeps invitation links short for moderators and within the server limit', () => {
    expect(loadConfig({}).invitations).toEqual({ maxHours: 168, moderatorHours: 24 });
    expect(loadConfig({ INVITATION_MAX_HOURS: '12', INVITATION_MODERATOR_HOURS: '2' }).invitations).toEqual({
      maxHours: 12,
      moderatorHours: 2,
    });
    expect(problems({ INVITATION_MAX_HOURS: '12' })).toEqual([
      expect.stringMatching(/^INVITATION_MODERATOR_HOURS: expected at most INVITATION_MAX_HOURS/),
    ]);
    expect(problems({ INVITATION_MAX_HOURS: '0' })[0]).toMatch(/^INVITATION_MAX_HOURS: Too small/);
  });

  it('refuses to start in production without PUBLIC_URL, naming it', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^PUBLIC_URL: required when NODE_ENV=production/),
    ]);
    expect(problems({ NODE_ENV: 'production', PUBLIC_URL: 'https://events.example.org' })).toEqual([]);
    // Development and tests keep the default (http://localhost:PORT).
    expect(problems({ NODE_ENV: 'development' })).toEqual([]);
    expect(problems({ NODE_ENV: 'test' })).toEqual([]);
  });

  it('reads who may embed the pages, which other processes browsers may connect to, and whether source maps are served', () => {
    expect(loadConfig({})).toMatchObject({ frameAncestors: [], cspConnectSources: [], serveSourceMaps: false });
    expect(
      loadConfig({
        FRAME_ANCESTORS: 'https://civicus.org, https://*.icsw.example',
        CSP_CONNECT_SOURCES: 'https://p1.events.example https://p2.events.example:8443',
        SERVE_SOURCE_MAPS: 'true',
      }),
    ).toMatchObject({
      frameAncestors: ['https://civicus.org', 'https://*.icsw.example'],
      cspConnectSources: ['https://p1.events.example', 'https://p2.events.example:8443'],
      serveSourceMaps: true,
    });
    const found = problems({
      FRAME_ANCESTORS: "https://ok.example, 'unsafe-inline'",
      CSP_CONNECT_SOURCES: 'https://p1.example/path',
      SERVE_SOURCE_MAPS: 'maybe',
    });
    expect(found.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'CSP_CONNECT_SOURCES',
      'FRAME_ANCESTORS',
      'SERVE_SOURCE_MAPS',
    ]);
  });
});
