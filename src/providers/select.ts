// Chooses the ConversationProvider from the configuration: the embedded SQLite store
// (`local`) unless the Twilio provider is configured.
import type { Config } from '../config.ts';
import { openLocalProvider } from './local/local-provider.ts';
import type { ConversationProvider } from './provider.ts';
import { createTwilioProvider } from './twilio/twilio-provider.ts';

export function createProvider(config: Config): ConversationProvider {
  if (config.twilio) return createTwilioProvider(config.twilio);
  return config.dataDir === ':memory:'
    ? openLocalProvider({ memory: true })
    : openLocalProvider({ dataDir: config.dataDir });
}
