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
});
