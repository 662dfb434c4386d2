// Twilio mode as a back end (src/backend.ts): the provider, Twilio access tokens, and the
// post-event webhook, all over one context so the webhook knows the server's own writes (of
// every node, when the options' shared state is a cluster's).
import type { Backend } from '../../backend.ts';
import type { TwilioConfig } from './config.ts';
import { createTwilioTokenService } from './tokens.ts';
import { openTwilio, type TwilioProviderOptions } from './twilio-provider.ts';
import { twilioWebhooks } from './webhooks.ts';

export function createTwilioBackend(
  config: TwilioConfig,
  options: TwilioProviderOptions = {},
): Backend {
  const { provider, inbound } = openTwilio(config, options);
  return {
    provider,
    tokens: createTwilioTokenService(config),
    webhooks: twilioWebhooks(config, inbound),
  };
}
