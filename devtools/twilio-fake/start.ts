// Starts the Twilio fake for a server under test (or the demo) and hands back the
// environment that puts the reference server in Twilio mode against it: the same settings
// a real deployment uses, with the API and MCS base URLs pointing at the fake.
//
//   const twilio = await startTwilioFake({ webhookBaseUrl: 'https://chat.example.test' });
//   const config = loadConfig({ ...baseEnv, ...twilio.env });
//   const app = createChatApp(config); const { port } = await app.listen(0);
//   twilio.fake.routeWebhooksTo(`http://127.0.0.1:${port}`);   // only with webhooks

import {
  parseTwilioConfig,
  TWILIO_ENV,
  TWILIO_WEBHOOK_PATH,
  type TwilioConfig,
} from '../../src/providers/twilio/config.ts';
import { WEBHOOK_FILTERS } from '../../src/providers/twilio/service.ts';
import type { Violation } from './contract.ts';
import { type CallRecord, type Fault, TwilioFake, type TwilioFakeOptions } from './server.ts';

export interface StartTwilioFakeOptions extends TwilioFakeOptions {
  /** Port for the fake (0: any free port). */
  port?: number;
  /** The server's public base URL: configures the service's post-event webhook to it. */
  webhookBaseUrl?: string;
  /** The proxy number SMS participants are bound to; null leaves it unset. */
  smsProxyNumber?: string | null;
  /** Short by default so fault tests finish quickly. */
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
}

export interface StartedTwilioFake {
  /** The fake's origin. */
  url: string;
  /** TWILIO_* settings for loadConfig(). */
  env: Record<string, string>;
  fake: TwilioFake;
  calls(): CallRecord[];
  inject(fault: Fault): void;
  violations(): Violation[];
  close(): Promise<void>;
}

export const DEFAULT_PROXY_NUMBER = '+15005550006';

export async function startTwilioFake(
  options: StartTwilioFakeOptions = {},
): Promise<StartedTwilioFake> {
  const fake = new TwilioFake(options);
  const url = await fake.listen(options.port ?? 0);
  const { accountSid, authToken, apiKeySid, apiKeySecret, serviceSid } = fake.credentials;
  const env: Record<string, string> = {
    [TWILIO_ENV.accountSid]: accountSid,
    [TWILIO_ENV.authToken]: authToken,
    [TWILIO_ENV.apiKeySid]: apiKeySid,
    [TWILIO_ENV.apiKeySecret]: apiKeySecret,
    [TWILIO_ENV.serviceSid]: serviceSid,
    [TWILIO_ENV.apiBaseUrl]: url,
    [TWILIO_ENV.mcsBaseUrl]: url,
    // Generous by default: tests on a loaded machine must not time out; tests of timeouts pass
    // their own.
    [TWILIO_ENV.timeoutMs]: String(options.timeoutMs ?? 10_000),
    [TWILIO_ENV.maxRetries]: String(options.maxRetries ?? 2),
    [TWILIO_ENV.retryBaseMs]: String(options.retryBaseMs ?? 5),
  };
  const proxy =
    options.smsProxyNumber === undefined ? DEFAULT_PROXY_NUMBER : options.smsProxyNumber;
  if (proxy !== null) env[TWILIO_ENV.smsProxyNumber] = proxy;
  if (options.webhookBaseUrl !== undefined) {
    const base = options.webhookBaseUrl.replace(/\/+$/, '');
    env[TWILIO_ENV.webhookBaseUrl] = base;
    fake.configureWebhooks(`${base}${TWILIO_WEBHOOK_PATH}`, [...WEBHOOK_FILTERS]);
  }
  return {
    url,
    env,
    fake,
    calls: () => fake.calls(),
    inject: (fault) => fake.inject(fault),
    violations: () => fake.violations(),
    close: () => fake.close(),
  };
}

/** The provider settings for a fake's env, parsed the way the server parses them. */
export function twilioConfigFor(env: Record<string, string>): TwilioConfig {
  const problems: string[] = [];
  const config = parseTwilioConfig(env, problems);
  if (!config) throw new Error(`not a valid Twilio configuration: ${problems.join('; ')}`);
  return config;
}
