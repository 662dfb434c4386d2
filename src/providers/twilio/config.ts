// Twilio mode settings from the environment. Twilio mode is on as soon as any TWILIO_*
// setting below is present; then every required one must be there and well formed, and
// each problem is reported on its own line. Secret values (auth token, API key secret) are
// never echoed in a message.

export interface TwilioConfig {
  accountSid: string;
  /** Verifies webhook signatures (Twilio signs them with it); optional without webhooks. */
  authToken: string | undefined;
  /** The API key pair: REST credentials and the signing key of access tokens. */
  apiKeySid: string;
  apiKeySecret: string;
  /** The Conversations service every REST call and every access token is scoped to. */
  serviceSid: string;
  /** The Twilio number SMS participants talk to; without it add-sms-participant answers 400. */
  smsProxyNumber: string | undefined;
  /** Public base URL Twilio reaches this server at; enables the post-event webhook route. */
  webhookBaseUrl: string | undefined;
  /** Conversations API origin (tests and the demo point it at a local fake). */
  apiBaseUrl: string;
  /** Media Content Service origin. */
  mcsBaseUrl: string;
  /** Per-request timeout; a timed-out call answers 503. */
  timeoutMs: number;
  /** Retries after a 429/5xx (so at most maxRetries + 1 attempts) before answering 502. */
  maxRetries: number;
  /** First retry delay; doubles per attempt with jitter, capped at 2 s. */
  retryBaseMs: number;
}

/** Where the post-event webhook is served (appended to TWILIO_WEBHOOK_BASE_URL). */
export const TWILIO_WEBHOOK_PATH = '/webhooks/twilio/conversations';

export const TWILIO_ENV = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  authToken: 'TWILIO_AUTH_TOKEN',
  apiKeySid: 'TWILIO_API_KEY_SID',
  apiKeySecret: 'TWILIO_API_KEY_SECRET',
  serviceSid: 'TWILIO_CONVERSATIONS_SERVICE_SID',
  smsProxyNumber: 'TWILIO_SMS_PROXY_NUMBER',
  webhookBaseUrl: 'TWILIO_WEBHOOK_BASE_URL',
  apiBaseUrl: 'TWILIO_API_BASE_URL',
  mcsBaseUrl: 'TWILIO_MCS_BASE_URL',
  timeoutMs: 'TWILIO_TIMEOUT_MS',
  maxRetries: 'TWILIO_MAX_RETRIES',
  retryBaseMs: 'TWILIO_RETRY_BASE_MS',
} as const;

const DEFAULTS = {
  apiBaseUrl: 'https://conversations.twilio.com',
  mcsBaseUrl: 'https://mcs.us1.twilio.com',
  timeoutMs: 10_000,
  maxRetries: 3,
  retryBaseMs: 200,
};

type Env = Record<string, string | undefined>;

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);
const E164 = /^\+[1-9][0-9]{1,14}$/;

/** True when the environment asks for Twilio mode (any Twilio setting is present). */
export function wantsTwilio(env: Env): boolean {
  return Object.values(TWILIO_ENV).some((name) => (env[name] ?? '') !== '');
}

function origin(name: string, raw: string, problems: string[], allowPath: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} must be an http(s) URL (got "${raw}")`);
    return raw;
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username) {
    problems.push(`${name} must be an http(s) URL without query, fragment or credentials`);
  } else if (!allowPath && url.pathname !== '/') {
    problems.push(`${name} must be an origin such as https://host:port (got "${raw}")`);
  }
  return raw.replace(/\/+$/, '');
}

function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/**
 * Reads the Twilio settings. Returns undefined (local mode) when none is set; otherwise
 * appends one line per missing or malformed setting to `problems`.
 */
export function parseTwilioConfig(env: Env, problems: string[]): TwilioConfig | undefined {
  if (!wantsTwilio(env)) return undefined;
  const start = problems.length;
  const get = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value.trim();
  };
  const required = (name: string, pattern: RegExp, shape: string, secret = false) => {
    const value = get(name);
    if (value === undefined) {
      problems.push(`${name} is required in Twilio mode (${shape})`);
      return '';
    }
    if (!pattern.test(value)) {
      problems.push(
        secret
          ? `${name} is malformed (expected ${shape})`
          : `${name} must be ${shape} (got "${value}")`,
      );
    }
    return value;
  };

  const accountSid = required(TWILIO_ENV.accountSid, SID('AC'), 'AC followed by 32 hex digits');
  const serviceSid = required(
    TWILIO_ENV.serviceSid,
    SID('IS'),
    'the Conversations service SID, IS followed by 32 hex digits',
  );
  // Access tokens (generate-token) can only be signed with an API key, so the key pair is
  // required even where an auth token would do for REST.
  const apiKeySid = required(
    TWILIO_ENV.apiKeySid,
    SID('SK'),
    'an API key SID, SK followed by 32 hex digits; generate-token signs access tokens with it',
  );
  const apiKeySecret = required(TWILIO_ENV.apiKeySecret, /^\S{16,}$/, 'the API key secret', true);

  const authToken = get(TWILIO_ENV.authToken);
  if (authToken !== undefined && !/^[0-9a-fA-F]{32}$/.test(authToken)) {
    problems.push(`${TWILIO_ENV.authToken} is malformed (expected 32 hex digits)`);
  }

  const smsProxyNumber = get(TWILIO_ENV.smsProxyNumber);
  if (smsProxyNumber !== undefined && !E164.test(smsProxyNumber)) {
    problems.push(
      `${TWILIO_ENV.smsProxyNumber} must be an E.164 phone number such as +15005550006 (got "${smsProxyNumber}")`,
    );
  }

  const rawWebhook = get(TWILIO_ENV.webhookBaseUrl);
  const webhookBaseUrl =
    rawWebhook === undefined
      ? undefined
      : origin(TWILIO_ENV.webhookBaseUrl, rawWebhook, problems, true);
  if (webhookBaseUrl !== undefined && authToken === undefined) {
    problems.push(
      `${TWILIO_ENV.authToken} is required when ${TWILIO_ENV.webhookBaseUrl} is set (Twilio signs webhooks with it)`,
    );
  }

  const apiBaseUrl = origin(
    TWILIO_ENV.apiBaseUrl,
    get(TWILIO_ENV.apiBaseUrl) ?? DEFAULTS.apiBaseUrl,
    problems,
    false,
  );
  const mcsBaseUrl = origin(
    TWILIO_ENV.mcsBaseUrl,
    get(TWILIO_ENV.mcsBaseUrl) ?? DEFAULTS.mcsBaseUrl,
    problems,
    false,
  );
  const timeoutMs = integer(
    TWILIO_ENV.timeoutMs,
    get(TWILIO_ENV.timeoutMs),
    DEFAULTS.timeoutMs,
    100,
    120_000,
    problems,
  );
  const maxRetries = integer(
    TWILIO_ENV.maxRetries,
    get(TWILIO_ENV.maxRetries),
    DEFAULTS.maxRetries,
    0,
    10,
    problems,
  );
  const retryBaseMs = integer(
    TWILIO_ENV.retryBaseMs,
    get(TWILIO_ENV.retryBaseMs),
    DEFAULTS.retryBaseMs,
    1,
    10_000,
    problems,
  );

  if (problems.length > start) return undefined;
  return {
    accountSid,
    authToken,
    apiKeySid,
    apiKeySecret,
    serviceSid,
    smsProxyNumber,
    webhookBaseUrl,
    apiBaseUrl,
    mcsBaseUrl,
    timeoutMs,
    maxRetries,
    retryBaseMs,
  };
}
