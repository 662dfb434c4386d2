// Twilio mode selection and settings: local mode without any TWILIO_* setting, one clear
// line per missing or malformed setting otherwise, secrets never echoed; and the same
// through loadConfig(), the way the server starts.

import { describe, expect, it } from 'vitest';
import { createBackend } from '../../backend.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { parseTwilioConfig, TWILIO_ENV, wantsTwilio } from './config.ts';

const hex = (n: number, c = 'a') => c.repeat(n);
const VALID = {
  TWILIO_ACCOUNT_SID: `AC${hex(32)}`,
  TWILIO_AUTH_TOKEN: hex(32, 'b'),
  TWILIO_API_KEY_SID: `SK${hex(32)}`,
  TWILIO_API_KEY_SECRET: 'Zx9secretSecretSecret0123456789ab',
  TWILIO_CONVERSATIONS_SERVICE_SID: `IS${hex(32)}`,
};

function problemsOf(env: Record<string, string>): string[] {
  const problems: string[] = [];
  parseTwilioConfig(env, problems);
  return problems;
}

describe('Twilio settings', () => {
  it('leave the server in local mode when none is set', () => {
    expect(wantsTwilio({ PORT: '3001', TWILIO_REGION: 'ie1' })).toBe(false);
    expect(parseTwilioConfig({}, [])).toBeUndefined();
    expect(loadConfig({ DATA_DIR: ':memory:' }).twilio).toBeUndefined();
  });

  it('select Twilio mode with defaults for everything optional', () => {
    const config = parseTwilioConfig(VALID, []);
    expect(config).toEqual({
      accountSid: VALID.TWILIO_ACCOUNT_SID,
      authToken: VALID.TWILIO_AUTH_TOKEN,
      apiKeySid: VALID.TWILIO_API_KEY_SID,
      apiKeySecret: VALID.TWILIO_API_KEY_SECRET,
      serviceSid: VALID.TWILIO_CONVERSATIONS_SERVICE_SID,
      smsProxyNumber: undefined,
      webhookBaseUrl: undefined,
      apiBaseUrl: 'https://conversations.twilio.com',
      mcsBaseUrl: 'https://mcs.us1.twilio.com',
      timeoutMs: 10_000,
      maxRetries: 3,
      retryBaseMs: 200,
    });
    const server = loadConfig({ ...VALID, DATA_DIR: ':memory:' });
    expect(server.twilio).toEqual(config);
    const { provider } = createBackend(server);
    expect(provider.kind).toBe('twilio');
    void provider.close();
  });

  it('read every optional setting', () => {
    const config = parseTwilioConfig(
      {
        ...VALID,
        TWILIO_SMS_PROXY_NUMBER: '+15005550006',
        TWILIO_WEBHOOK_BASE_URL: 'https://chat.example.com/base/',
        TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
        TWILIO_MCS_BASE_URL: 'http://127.0.0.1:4011/',
        TWILIO_TIMEOUT_MS: '2500',
        TWILIO_MAX_RETRIES: '0',
        TWILIO_RETRY_BASE_MS: '50',
      },
      [],
    );
    expect(config).toMatchObject({
      smsProxyNumber: '+15005550006',
      webhookBaseUrl: 'https://chat.example.com/base',
      apiBaseUrl: 'http://127.0.0.1:4010',
      mcsBaseUrl: 'http://127.0.0.1:4011',
      timeoutMs: 2500,
      maxRetries: 0,
      retryBaseMs: 50,
    });
  });

  it('name every missing required setting, one line each', () => {
    expect(problemsOf({ TWILIO_SMS_PROXY_NUMBER: '+15005550006' })).toEqual([
      'TWILIO_ACCOUNT_SID is required in Twilio mode (AC followed by 32 hex digits)',
      'TWILIO_CONVERSATIONS_SERVICE_SID is required in Twilio mode (the Conversations service SID, IS followed by 32 hex digits)',
      'TWILIO_API_KEY_SID is required in Twilio mode (an API key SID, SK followed by 32 hex digits; generate-token signs access tokens with it)',
      'TWILIO_API_KEY_SECRET is required in Twilio mode (the API key secret)',
    ]);
  });

  it('name every malformed setting without echoing a secret', () => {
    const env = {
      TWILIO_ACCOUNT_SID: 'SK123',
      TWILIO_AUTH_TOKEN: 'not-a-token-but-a-secret',
      TWILIO_API_KEY_SID: `AC${hex(32)}`,
      TWILIO_API_KEY_SECRET: 'short secret',
      TWILIO_CONVERSATIONS_SERVICE_SID: 'IS1',
      TWILIO_SMS_PROXY_NUMBER: '5550006',
      TWILIO_WEBHOOK_BASE_URL: 'ftp://x',
      TWILIO_API_BASE_URL: 'https://conversations.twilio.com/v1',
      TWILIO_TIMEOUT_MS: '5s',
      TWILIO_MAX_RETRIES: '99',
    };
    const problems = problemsOf(env);
    expect(problems).toHaveLength(10);
    expect(problems).toContain(
      'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits (got "SK123")',
    );
    expect(problems).toContain('TWILIO_AUTH_TOKEN is malformed (expected 32 hex digits)');
    expect(problems).toContain('TWILIO_API_KEY_SECRET is malformed (expected the API key secret)');
    expect(problems).toContain(
      'TWILIO_SMS_PROXY_NUMBER must be an E.164 phone number such as +15005550006 (got "5550006")',
    );
    expect(problems).toContain(
      'TWILIO_API_BASE_URL must be an origin such as https://host:port (got "https://conversations.twilio.com/v1")',
    );
    expect(problems).toContain('TWILIO_MAX_RETRIES must be an integer from 0 to 10 (got "99")');
    const text = problems.join('\n');
    expect(text).not.toContain(env.TWILIO_AUTH_TOKEN);
    expect(text).not.toContain(env.TWILIO_API_KEY_SECRET);
  });

  it('require the auth token when webhooks are on (Twilio signs them with it)', () => {
    const { TWILIO_AUTH_TOKEN: _token, ...withoutToken } = VALID;
    expect(
      problemsOf({ ...withoutToken, TWILIO_WEBHOOK_BASE_URL: 'https://chat.example.com' }),
    ).toEqual([
      'TWILIO_AUTH_TOKEN is required when TWILIO_WEBHOOK_BASE_URL is set (Twilio signs webhooks with it)',
    ]);
    expect(problemsOf(withoutToken)).toEqual([]);
  });

  it('fail server start-up with every problem, server and Twilio settings alike', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', TWILIO_ACCOUNT_SID: `AC${hex(32)}`, TWILIO_API_KEY_SECRET: 'abc' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems[0]).toMatch(/^PORT/);
    expect(problems.filter((p) => p.startsWith('TWILIO_'))).toHaveLength(3);
    expect(message).not.toContain('abc"');
  });

  it('list each setting under one documented name', () => {
    expect(Object.values(TWILIO_ENV).every((name) => name.startsWith('TWILIO_'))).toBe(true);
    expect(new Set(Object.values(TWILIO_ENV)).size).toBe(Object.values(TWILIO_ENV).length);
  });
});
