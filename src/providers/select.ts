// Chooses the ConversationProvider from the configuration: the embedded SQLite store
// (`local`) unless the Twilio provider is configured.
import type { Config } from '../config.ts';
import { openLocalProvider } from './local/local-provider.ts';
import type { ConversationProvider } from './provider.ts';

export function createProvider(config: Config): ConversationProvider {
  return config.dataDir === ':memory:'
    ? openLocalProvider({ memory: true })
    : openLocalProvider({ dataDir: config.dataDir });
}
