// `npm run demo:twilio`: Twilio mode without a Twilio account. Starts the wire-level fake
// of Twilio's API on loopback, then the reference server in Twilio mode against it on PORT
// (default 3001), configured exactly as in production except for the two base URLs. Prints
// every Twilio call the server makes, and how to simulate an SMS reply. Ctrl-C stops both.

import { startTwilioFake } from '../devtools/twilio-fake/start.ts';
import { createChatApp } from '../src/app.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

const port = Number(process.env.PORT ?? 3001);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT must be an integer from 1 to 65535 (got "${process.env.PORT}")`);
  process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';
const serverUrl = `http://localhost:${port}`;

const twilio = await startTwilioFake({
  // Twilio signs webhooks for the URL it was given; the fake delivers them to this server.
  webhookBaseUrl: serverUrl,
  port: Number(process.env.TWILIO_FAKE_PORT ?? 0),
  timeoutMs: 10_000,
  maxRetries: 3,
  retryBaseMs: 200,
  onCall: (call) =>
    console.log(
      `  twilio ← ${call.method} ${call.path}${call.query}  ${call.status}  ${call.operationId}`,
    ),
});
twilio.fake.routeWebhooksTo(`http://127.0.0.1:${port}`);

// Real TWILIO_* settings from the shell must not mix with the fake's.
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('TWILIO_')),
);
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig({
    LOG_LEVEL: 'warn',
    ...inherited,
    HOST: host,
    PORT: String(port),
    DATA_DIR: ':memory:',
    ...twilio.env,
  });
} catch (error) {
  await twilio.close();
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = createChatApp(config);
try {
  await app.listen();
} catch (error) {
  await twilio.close();
  console.error(`could not listen on ${host}:${port}: ${(error as Error).message}`);
  process.exit(1);
}

const proxy = twilio.env.TWILIO_SMS_PROXY_NUMBER;
const json = `-H 'content-type: application/json'`;
console.log(`
Twilio mode demo (no Twilio account needed)
  chat server      ${serverUrl}   (Twilio mode, service ${twilio.env.TWILIO_CONVERSATIONS_SERVICE_SID})
  fake Twilio API  ${twilio.url}   (Conversations v1 + Media Content Service, checked against Twilio's OpenAPI)

Try it:
  curl -s ${serverUrl}/api/conversations/create ${json} \\
    -d '{"participants":[{"id":"alice","name":"Alice"},{"id":"bob","name":"Bob"}]}'
  curl -s ${serverUrl}/api/conversations/<CH…>/add-sms-participant ${json} \\
    -d '{"phone_number":"+15550001111"}'
  # an SMS reply from that number: Twilio's webhook turns it into new_message in the room
  curl -s ${twilio.url}/__fake/inbound-sms ${json} \\
    -d '{"from":"+15550001111","to":"${proxy}","body":"hi from my phone"}'
  curl -s ${serverUrl}/api/conversations/<CH…>/messages
  curl -s ${twilio.url}/__fake/calls        # every Twilio call so far

Twilio calls as they happen:`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping');
    void (async () => {
      await app.close();
      await twilio.close();
      const violations = twilio.violations();
      if (violations.length > 0) {
        console.error(`contract violations:\n${JSON.stringify(violations, null, 2)}`);
        process.exit(1);
      }
      process.exit(0);
    })();
  });
}
