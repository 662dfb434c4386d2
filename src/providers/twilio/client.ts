// Builds the official SDK client and the HTTP layer under it. Every SDK request (next-page
// URLs included) goes through `TwilioHttpClient`, a RequestClient subclass that
//   - rewrites the Conversations origin to TWILIO_API_BASE_URL when one is configured (the
//     supported way to reach a fake; production leaves the origin alone),
//   - applies the per-request timeout,
//   - retries 429 and 503 (and any 5xx of a read) with bounded, jittered exponential
//     backoff (the SDK's own autoRetry only covers 429 and is ignored with a custom client),
//   - turns transport failures into TwilioTransportError carrying only method and path
//     (the HTTP client's own error holds the credentials and is dropped).
// The Media Content Service client (media.ts) shares the same retry policy.

import twilio from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';
import type { ServiceContext } from 'twilio/lib/rest/conversations/v1/service.js';
import type { TwilioConfig } from './config.ts';
import { TwilioTransportError } from './errors.ts';

export type { ServiceContext };

const MAX_RETRY_DELAY_MS = 2_000;
const CONVERSATIONS_HOST = /^conversations(\.[a-z0-9-]+)*\.twilio\.com$/;

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Whether an answer may be sent again. 429 and 503 mean Twilio did not act on the request,
 * so any method may repeat. Other 5xx may come after a write was committed: only reads
 * repeat them, so a retried POST can never create a second message or conversation.
 */
export function isRetryable(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  return status >= 500 && method.toLowerCase() === 'get';
}

/** Delay before retry `attempt` (0-based): base·2^attempt, half of it jittered, ≤ 2 s. */
export function retryDelay(
  attempt: number,
  baseMs: number,
  retryAfterSeconds?: number,
  random = Math.random,
): number {
  const backoff = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** attempt);
  const jittered = backoff / 2 + (random() * backoff) / 2;
  // Retry-After is honoured but stays within the same bound.
  const asked = retryAfterSeconds === undefined ? 0 : retryAfterSeconds * 1000;
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(jittered, asked));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type TransportKind = 'timeout' | 'refused' | 'other';

/** Classifies an axios (SDK) or fetch (MCS) failure without keeping the error around. */
export function transportKind(error: unknown): TransportKind {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || name === 'TimeoutError') {
      return 'timeout';
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
    if (code === 'ECONNREFUSED') return 'refused';
    current = (current as { cause?: unknown }).cause;
  }
  return 'other';
}

function retryAfter(headers: unknown): number | undefined {
  const value = (headers as Record<string, unknown> | undefined)?.['retry-after'];
  const seconds = typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * Sends with retries. `send` resolves with any HTTP answer and rejects only on transport
 * failure. A refused connection never reached Twilio, so it is retried like a 503; a
 * timeout is not (the call may be in progress and waiting again would multiply latency).
 */
export async function withRetries<R extends { status: number; headers?: unknown }>(
  policy: RetryPolicy,
  method: string,
  label: string,
  send: () => Promise<R>,
): Promise<R> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    let answer: R;
    try {
      answer = await send();
    } catch (error) {
      const kind = transportKind(error);
      if (kind === 'refused' && attempt < policy.maxRetries) {
        await sleep(retryDelay(attempt, policy.baseMs));
        continue;
      }
      throw new TwilioTransportError(
        kind === 'timeout' ? 'timeout' : 'unreachable',
        label,
        attempt + 1,
      );
    }
    if (attempt < policy.maxRetries && isRetryable(answer.status, method)) {
      await sleep(retryDelay(attempt, policy.baseMs, retryAfter(answer.headers)));
      continue;
    }
    return answer;
  }
}

export interface HttpClientSettings {
  apiBaseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** The SDK's RequestClient with base-URL override, timeout and retries (see header). */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly settings: HttpClientSettings;

  constructor(settings: HttpClientSettings) {
    super({ timeout: settings.timeoutMs, keepAlive: true });
    this.settings = settings;
  }

  private rewrite(uri: string): string {
    const url = new URL(uri);
    const base = this.settings.apiBaseUrl;
    if (!CONVERSATIONS_HOST.test(url.hostname) || url.origin === base) return uri;
    return `${base}${url.pathname}${url.search}`;
  }

  override async request<TData>(
    opts: RequestClientType.RequestOptions<TData>,
  ): Promise<ResponseModule.default<TData>> {
    const uri = this.rewrite(opts.uri);
    const method = String(opts.method);
    const label = `${method.toUpperCase()} ${new URL(uri).pathname}`;
    const answer = await withRetries(this.settings.retry, method, label, async () => {
      const response = await super.request({ ...opts, uri, timeout: this.settings.timeoutMs });
      return { status: response.statusCode, headers: response.headers, response };
    });
    return answer.response;
  }
}

export interface TwilioClients {
  /** The SDK bound to the configured Conversations service (all calls service-scoped). */
  service: ServiceContext;
  retry: RetryPolicy;
}

export function createTwilioClients(
  config: TwilioConfig,
  options: { sleep?: (ms: number) => Promise<void> } = {},
): TwilioClients {
  const retry: RetryPolicy = {
    maxRetries: config.maxRetries,
    baseMs: config.retryBaseMs,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  const httpClient = new TwilioHttpClient({
    apiBaseUrl: config.apiBaseUrl,
    timeoutMs: config.timeoutMs,
    retry,
  });
  // The API key authenticates REST calls; the account SID must be passed separately then.
  // logLevel is pinned so a stray TWILIO_LOG_LEVEL=debug cannot make the SDK print requests.
  const client = twilio(config.apiKeySid, config.apiKeySecret, {
    accountSid: config.accountSid,
    httpClient,
    logLevel: 'info',
    autoRetry: false,
  });
  return { service: client.conversations.v1.services(config.serviceSid), retry };
}
