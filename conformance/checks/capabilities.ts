// Rules that depend on what the server says it does (GET /healthz `capabilities`, see
// openapi.yaml): reachability that follows Socket.IO presence where the server advertises
// `reachability: presence` (skipped, with the reason, where it does not); and
// add-sms-participant, whose documented body is accepted or refused only with the declared
// `sms_not_configured` error — never a 400 naming a field the schema does not have.
import { type Check, type CheckContext, defineCheck, sleep } from '../context.ts';
import { connectUser, createConversation } from '../fixtures.ts';
import { isObject, type JsonObject, namedSchema } from '../spec.ts';

interface Capabilities {
  reachability?: string;
  sms?: boolean;
}

/** What the server advertises; undefined when it says nothing. */
async function capabilities(t: CheckContext): Promise<Capabilities | undefined> {
  const ex = await t.http.call('getHealth');
  const body = isObject(ex.json) ? ex.json : undefined;
  return body && isObject(body.capabilities) ? (body.capabilities as Capabilities) : undefined;
}

async function online(t: CheckContext, identity: string): Promise<boolean | undefined> {
  const ex = await t.http.call('getUserReachability', { params: { identity } });
  const data = isObject(ex.json) && isObject(ex.json.data) ? ex.json.data : undefined;
  return typeof data?.online === 'boolean' ? data.online : undefined;
}

/** Polls until reachability says `want` (presence may settle a moment after the event). */
async function until(
  t: CheckContext,
  identity: string,
  want: boolean,
): Promise<boolean | undefined> {
  const deadline = performance.now() + t.options.timeoutMs;
  let got = await online(t, identity);
  while (got !== want && performance.now() < deadline) {
    await sleep(50);
    got = await online(t, identity);
  }
  return got;
}

/** Words in a message that look like field names (`phoneNumber`, `phone_number`). */
function fieldNames(message: string): string[] {
  return [...message.matchAll(/\b([a-z]+(?:[A-Z][a-z0-9]*|_[a-z0-9]+)+)\b/g)].map(
    (m) => m[1] ?? '',
  );
}

export function capabilityChecks(): Check[] {
  return [
    defineCheck({
      group: 'socket',
      name: 'reachability.presence',
      description:
        'where the server advertises reachability: presence, a user is online after user_connect and offline after disconnecting',
      covers: ['getUserReachability', 'getHealth'],
      run: async (t) => {
        const caps = await capabilities(t);
        if (caps?.reachability !== 'presence') {
          t.skip(
            caps?.reachability
              ? `the server's reachability is "${caps.reachability}" (GET /healthz capabilities), not Socket.IO presence`
              : 'the server does not advertise capabilities.reachability in GET /healthz',
          );
        }
        const identity = t.id('alice');
        const rule = 'with reachability: presence, getUserReachability follows Socket.IO presence';
        const title = 'reachability does not follow presence although the server advertises it';
        const socket = await connectUser(t, identity, 'alice');
        const up = await until(t, identity, true);
        if (up !== true) {
          t.fail({
            rule,
            title,
            expected: 'online: true while a socket that sent user_connect is connected',
            actual: `online: ${String(up)}`,
            key: 'reachability:presence:online',
            subject: 'getUserReachability',
          });
        }
        socket.close();
        const down = await until(t, identity, false);
        if (down !== false) {
          t.fail({
            rule,
            title,
            expected: 'online: false once the last socket disconnected',
            actual: `online: ${String(down)}`,
            key: 'reachability:presence:offline',
            subject: 'getUserReachability',
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'addSmsParticipant.documented-body',
      description:
        'the documented {phone_number} body is accepted, or refused only with 400 code sms_not_configured (never a 400 naming a field the schema lacks)',
      run: async (t) => {
        const caps = await capabilities(t);
        const sid = await createConversation(t, [t.id('alice')]);
        const phone = `+1555${String(t.run.randomInt(1e7)).padStart(7, '0')}`;
        const ex = await t.http.call('addSmsParticipant', {
          params: { convoSid: sid },
          json: { phone_number: phone },
        });
        if (ex.status >= 200 && ex.status < 300) return;
        if (ex.status === 409) return;
        if (ex.status !== 400) return; // other statuses: the response oracles judge them
        const body = isObject(ex.json) ? ex.json : {};
        const message = typeof body.message === 'string' ? body.message : '';
        const schema = namedSchema('rest_addSmsParticipant_body') as JsonObject;
        const known = Object.keys(isObject(schema.properties) ? schema.properties : {});
        const strangers = fieldNames(message).filter((f) => !known.includes(f));
        if (strangers.length > 0) {
          t.fail({
            rule: 'a 400 never names a field the request schema does not have',
            title: `add-sms-participant refuses the documented body naming ${strangers.join(', ')}, a field the schema does not have`,
            expected: `fields of the schema only (${known.join(', ')})`,
            actual: `message ${JSON.stringify(message)}`,
            key: `sms:unknown-field:${strangers.join(',')}`,
            subject: 'addSmsParticipant',
          });
          return;
        }
        if (body.code !== 'sms_not_configured') {
          t.fail({
            rule: 'add-sms-participant refuses a valid body only with 400 code sms_not_configured',
            expected: '200, or 400 with code: sms_not_configured',
            actual: `400 with code ${JSON.stringify(body.code)}: ${JSON.stringify(message)}`,
            key: 'sms:400-without-code',
            subject: 'addSmsParticipant',
          });
        } else if (caps?.sms === true) {
          t.fail({
            rule: 'a server that advertises capabilities.sms: true adds SMS participants',
            expected: '200',
            actual: '400 sms_not_configured',
            key: 'sms:capability-mismatch',
            subject: 'addSmsParticipant',
          });
        }
      },
    }),
  ];
}
