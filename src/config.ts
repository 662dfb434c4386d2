// Server configuration from the environment (and `.env` if present), validated once at
// start-up. Every wrong setting is reported, one line each, instead of failing later.
import path from 'node:path';
import { parseTwilioConfig, type TwilioConfig } from './providers/twilio/config.ts';

export interface Config {
  port: number;
  host: string;
  /** Where the embedded store keeps its SQLite file and media; `:memory:` keeps nothing. */
  dataDir: string;
  /**
   * `full`: an acknowledged write survives kill -9 and power loss (its WAL is fsynced first).
   * `unsafe-on-power-loss`: it survives a process crash, but the last commits can be lost
   * on power loss or an OS crash (fsync only at checkpoints; faster where fsync is slow).
   */
  storeDurability: StoreDurability;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `json` lines for collectors, or `pretty` one-line text for a terminal. */
  logFormat: 'json' | 'pretty';
  /** Allowed CORS origins; `*` allows any. */
  corsOrigins: string[] | '*';
  /** Require a bearer token on REST calls and the socket handshake (default: in production). */
  authRequired: boolean;
  /** HMAC secret for local tokens; when unset one is created and kept in the data dir. */
  tokenSecret: string | undefined;
  /** When set, generate-token requires it in `X-Token-Issuer-Key` (the app back end's secret). */
  tokenIssuerKey: string | undefined;
  /**
   * Public base URL used in media URLs; required in production. Elsewhere, when unset, it
   * is taken from each request's Host (media URLs end up in stored messages: in production
   * a client-chosen Host must not decide what other users are sent).
   */
  publicUrl: string | undefined;
  /** REST requests per minute per caller (token identity, else client address); 0: off. */
  rateLimitRestPerMinute: number;
  /** Client events per minute per socket; 0: off. */
  rateLimitSocketPerMinute: number;
  /**
   * Longest time a multipart upload may take to arrive, in ms (a slow sender holds a
   * connection and a temp file): past it, 408 and the partial file is removed. 0: no limit.
   */
  uploadTimeoutMs: number;
  /**
   * How long the local store keeps an upload no message names, in ms (uploads are not tied
   * to a conversation, so nothing else would ever remove one). 0: kept forever.
   */
  unsentMediaTtlMs: number;
  /** Express `trust proxy` (hop count, or addresses/subnets); false: X-Forwarded-* ignored. */
  trustProxy: number | string[] | false;
  /** Validate every REST response against the spec (on by default outside production). */
  validateResponses: boolean;
  /** Twilio mode (TWILIO_* settings, see src/providers/twilio/config.ts); unset: local store. */
  twilio?: TwilioConfig;
  /** Settings that work but weaken security; logged once at start-up. */
  warnings: string[];
  /** Cluster node settings (REDIS_URL); unset: a single node, everything in memory. */
  redis?: RedisConfig;
}

export interface RedisConfig {
  url: string;
  /** Prefix of every Redis key and channel this server uses, so clusters can share a Redis. */
  keyPrefix: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ENVS = ['development', 'production', 'test'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;
export const STORE_DURABILITIES = ['full', 'unsafe-on-power-loss'] as const;
export type StoreDurability = (typeof STORE_DURABILITIES)[number];

function oneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

function parseBool(name: string, value: string | undefined, fallback: boolean, problems: string[]) {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
}

function parseCount(name: string, value: string | undefined, fallback: number, problems: string[]) {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) {
    problems.push(`${name} must be a whole number, 0 for no limit (got "${value}")`);
    return fallback;
  }
  return Number(value);
}

// Express's named ranges, or an IPv4/IPv6 address with an optional prefix length.
const PROXY_ENTRY = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;

/** TRUST_PROXY: unset/false → none; a hop count; or comma-separated addresses/subnets. */
function parseTrustProxy(value: string | undefined, problems: string[]): Config['trustProxy'] {
  if (value === undefined || value === '' || /^(false|0|no|off)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0 || !entries.every((e) => PROXY_ENTRY.test(e))) {
    problems.push(
      `TRUST_PROXY must be a hop count or comma-separated proxy addresses/subnets (loopback, 10.0.0.0/8, …) (got "${value}")`,
    );
    return false;
  }
  return entries;
}

/** Reads the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const rawPort = env.PORT ?? '3001';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${rawPort}")`);
  }

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!oneOf(nodeEnv, ENVS))
    problems.push(`NODE_ENV must be one of ${ENVS.join(', ')} (got "${nodeEnv}")`);

  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!oneOf(logLevel, LOG_LEVELS)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }

  const logFormat = env.LOG_FORMAT || 'json';
  if (!oneOf(logFormat, LOG_FORMATS)) {
    problems.push(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (got "${logFormat}")`);
  }

  const rawData = env.DATA_DIR ?? 'data';
  const dataDir = rawData === ':memory:' ? rawData : path.resolve(cwd, rawData);

  const storeDurability = env.STORE_DURABILITY || 'full';
  if (!oneOf(storeDurability, STORE_DURABILITIES)) {
    problems.push(
      `STORE_DURABILITY must be one of ${STORE_DURABILITIES.join(', ')} (got "${storeDurability}")`,
    );
  }

  const rawCors = env.CORS_ORIGIN ?? '*';
  let corsOrigins: Config['corsOrigins'] = '*';
  if (rawCors !== '*') {
    corsOrigins = rawCors
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of corsOrigins) {
      if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
        problems.push(
          `CORS_ORIGIN entries must be origins like https://app.example.com (got "${origin}")`,
        );
      }
    }
  }

  const tokenIssuerKey = env.TOKEN_ISSUER_KEY || undefined;
  if (tokenIssuerKey !== undefined && tokenIssuerKey.length < 16) {
    problems.push('TOKEN_ISSUER_KEY must be at least 16 characters');
  }

  const tokenSecret = env.TOKEN_SECRET || undefined;
  if (tokenSecret !== undefined && tokenSecret.length < 32) {
    problems.push('TOKEN_SECRET must be at least 32 characters');
  }

  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(publicUrl)) {
    problems.push(`PUBLIC_URL must be an http(s) URL (got "${env.PUBLIC_URL}")`);
  }
  if (publicUrl === undefined && nodeEnv === 'production') {
    problems.push(
      'PUBLIC_URL is required in production (the base of media URLs, e.g. https://chat.example.com)',
    );
  }

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const rateLimitRestPerMinute = parseCount(
    'RATE_LIMIT_REST_PER_MINUTE',
    env.RATE_LIMIT_REST_PER_MINUTE,
    6000,
    problems,
  );
  const rateLimitSocketPerMinute = parseCount(
    'RATE_LIMIT_SOCKET_PER_MINUTE',
    env.RATE_LIMIT_SOCKET_PER_MINUTE,
    3000,
    problems,
  );

  const uploadTimeoutMs =
    parseCount('UPLOAD_TIMEOUT_SECONDS', env.UPLOAD_TIMEOUT_SECONDS, 120, problems) * 1000;
  const unsentMediaTtlMs =
    parseCount('UNSENT_MEDIA_HOURS', env.UNSENT_MEDIA_HOURS, 24, problems) * 3_600_000;

  // Secure by default: production requires tokens unless explicitly told otherwise.
  const authRequired = parseBool(
    'AUTH_REQUIRED',
    env.AUTH_REQUIRED,
    nodeEnv === 'production',
    problems,
  );
  const warnings: string[] = [];
  if (nodeEnv === 'production' && !authRequired) {
    warnings.push(
      'AUTH_REQUIRED=false in production: anyone who can reach the server can read and write every conversation',
    );
  }
  if (authRequired && tokenIssuerKey === undefined) {
    warnings.push(
      'AUTH_REQUIRED is on but TOKEN_ISSUER_KEY is not set: anyone who can reach generate-token can mint a token for any user',
    );
  }
  const validateResponses = parseBool(
    'VALIDATE_RESPONSES',
    env.VALIDATE_RESPONSES,
    nodeEnv !== 'production',
    problems,
  );

  const twilio = parseTwilioConfig(env, problems);
  const redis = parseRedisConfig(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    storeDurability: storeDurability as StoreDurability,
    nodeEnv: nodeEnv as Config['nodeEnv'],
    logLevel: logLevel as Config['logLevel'],
    logFormat: logFormat as Config['logFormat'],
    corsOrigins,
    authRequired,
    tokenSecret,
    tokenIssuerKey,
    publicUrl,
    trustProxy,
    uploadTimeoutMs,
    unsentMediaTtlMs,
    rateLimitRestPerMinute,
    rateLimitSocketPerMinute,
    validateResponses,
    ...(twilio ? { twilio } : {}),
    warnings,
    ...(redis ? { redis } : {}),
  };
}

const KEY_PREFIX = /^[A-Za-z0-9:._-]{1,64}$/;

/** REDIS_URL (redis:// or rediss://) and REDIS_KEY_PREFIX; undefined without REDIS_URL. */
function parseRedisConfig(env: Env, problems: string[]): RedisConfig | undefined {
  const url = env.REDIS_URL || undefined;
  const keyPrefix = env.REDIS_KEY_PREFIX || 'chat:';
  if (!KEY_PREFIX.test(keyPrefix)) {
    problems.push(
      `REDIS_KEY_PREFIX must be 1-64 letters, digits or : . _ - (got "${env.REDIS_KEY_PREFIX}")`,
    );
  }
  if (url === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^rediss?:$/.test(parsed.protocol) || parsed.hostname === '') {
    // The URL may carry a password: name the setting, not its value.
    problems.push('REDIS_URL must be a redis:// or rediss:// URL with a host');
    return undefined;
  }
  return { url, keyPrefix };
}
