// The back-end seam: everything a back end contributes to the server, chosen from the
// configuration. The embedded SQLite store (`local`) unless Twilio is configured. The app
// (src/app.ts) only wires what it gets here: the store, the token issuer, and the HTTP
// endpoints through which the back end's platform reports changes made elsewhere
// (webhooks), which the app turns into room broadcasts. A back end knows nothing about
// Express or Socket.IO: a webhook is a plain request in, a status and events out.
import { createLocalTokenService, resolveTokenSecret, type TokenService } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { SharedState } from './providers/cross-node-state.ts';
import { openLocalProvider } from './providers/local/local-provider.ts';
import type { ConversationProvider, InboundEvent } from './providers/provider.ts';
import { createTwilioBackend } from './providers/twilio/backend.ts';

export interface Backend {
  provider: ConversationProvider;
  tokens: TokenService;
  /** Endpoints the back end's platform posts events to; none for the embedded store. */
  webhooks: WebhookEndpoint[];
}

/** A form-encoded POST from the back end's platform, as the app received it. */
export interface WebhookRequest {
  /** Path and query as received (a signature may cover them). */
  originalUrl: string;
  header(name: string): string | undefined;
  form: Record<string, string | string[] | undefined>;
}

export interface WebhookOutcome {
  status: number;
  /** The error envelope's message when status is not 2xx. */
  message?: string;
  /** What happened, for the debug log (e.g. `already broadcast, or older than a day`). */
  outcome: string;
  events: InboundEvent[];
}

export interface WebhookEndpoint {
  /** POST path the app mounts the endpoint at. */
  path: string;
  /** Largest form body accepted, in bytes. */
  maxBodyBytes: number;
  handle(request: WebhookRequest): Promise<WebhookOutcome>;
}

export interface BackendOptions {
  /**
   * Where a back end keeps what it learns beside its store (Twilio mode: the last-message
   * index, the SIDs already broadcast): Redis on a cluster node, so every node shares it;
   * default this process's memory. The embedded store needs none.
   */
  state?: SharedState;
}

export function createBackend(config: Config, options: BackendOptions = {}): Backend {
  if (config.twilio) {
    return createTwilioBackend(config.twilio, options.state ? { state: options.state } : {});
  }
  const unsentMediaTtlMs = config.unsentMediaTtlMs;
  const provider =
    config.dataDir === ':memory:'
      ? openLocalProvider({ memory: true, unsentMediaTtlMs })
      : openLocalProvider({
          dataDir: config.dataDir,
          durability: config.storeDurability,
          unsentMediaTtlMs,
        });
  try {
    const tokens = createLocalTokenService(resolveTokenSecret(config.tokenSecret, config.dataDir));
    return { provider, tokens, webhooks: [] };
  } catch (error) {
    // A damaged token secret stops start-up: do not leave the store open behind it.
    void provider.close();
    throw error;
  }
}
