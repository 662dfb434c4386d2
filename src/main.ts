// `npm start`: reads the configuration, starts the server, and shuts down gracefully on
// SIGTERM/SIGINT (stop accepting, close sockets, close the store).
import 'dotenv/config';
import { createChatApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { describeStartupError } from './startup-errors.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let app: ReturnType<typeof createChatApp>;
try {
  app = createChatApp(config);
} catch (error) {
  // Start-up problems (unwritable data dir, damaged secret) are one line, not a stack.
  console.error(describeStartupError(error, config));
  process.exit(1);
}
try {
  const address = await app.listen();
  app.log.info(
    {
      port: address.port,
      provider: app.services.provider.kind,
      ...(app.services.provider.kind === 'local'
        ? { dataDir: config.dataDir, storeDurability: config.storeDurability }
        : {}),
      auth: config.authRequired,
    },
    `chat server listening on http://localhost:${address.port} (REST /api, Socket.IO /socket.io, docs /docs)`,
  );
} catch (error) {
  // A busy port or an address that is not ours: one line, like a configuration error.
  console.error(describeStartupError(error, config));
  await app.close().catch(() => undefined);
  process.exit(1);
}

if (app.services.provider.kind === 'local' && config.storeDurability !== 'full') {
  app.log.warn(
    'STORE_DURABILITY=unsafe-on-power-loss: acknowledged messages survive a process crash but the last ones can be lost on power loss or an OS crash',
  );
}

for (const warning of config.warnings) app.log.warn(warning);

const SHUTDOWN_GRACE_MS = 10_000;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
