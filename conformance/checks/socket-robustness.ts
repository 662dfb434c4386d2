// Robustness of every client event: payloads that break its schema (derived from the
// schema, each confirmed invalid by the generated validator) and plain garbage (null,
// strings, numbers, arrays, no argument, ~100 KB bodies) are answered with message_error
// to the sender only; nothing is stored or broadcast; the connection survives and pongs.
import { type Check, type CheckContext, defineCheck } from '../context.ts';
import { setupRoom } from '../fixtures.ts';
import { type InvalidCase, invalidCases } from '../mutations.ts';
import { describeEmit, excerptJson, type TestSocket } from '../socket-client.ts';
import {
  type ClientEventName,
  clientEvents,
  eventExample,
  isObject,
  namedSchema,
  payloadValidator,
} from '../spec.ts';

/** How long to wait for message_error after the server already answered a later ping. */
const GRACE_MS = 250;
const HUGE = 'x'.repeat(100_000);

/** Valid payloads for the room the check built (the spec's example otherwise). */
function validPayload(event: ClientEventName, sid: string, identity: string): unknown {
  switch (event) {
    case 'user_connect':
      return { userId: identity, identity };
    case 'join_conversation':
    case 'leave_conversation':
    case 'typing_start':
    case 'typing_stop':
      return { conversationSid: sid, identity };
    case 'send_message':
      return {
        conversationSid: sid,
        body: 'valid',
        author: identity,
        media: ['https://example.com/a.png'],
      };
    case 'get_online_users':
      return { conversationSid: sid };
    default:
      return eventExample(event);
  }
}

function garbage(valid: unknown): InvalidCase[] {
  const cases: InvalidCase[] = [
    { label: 'null', value: null },
    { label: 'a string', value: 'garbage' },
    { label: 'a number', value: 42 },
    { label: 'an array', value: [1, 2, 3] },
    { label: 'true', value: true },
    { label: 'an empty object', value: {} },
    { label: 'no argument', value: undefined },
    { label: 'a ~100 KB string', value: HUGE },
  ];
  if (isObject(valid)) {
    const first = Object.keys(valid)[0];
    if (first) cases.push({ label: `~100 KB in ${first}`, value: { ...valid, [first]: HUGE } });
    cases.push({ label: 'a ~100 KB unknown property', value: { ...valid, padding: HUGE } });
  }
  return cases;
}

async function invalidPayloads(t: CheckContext, event: ClientEventName): Promise<void> {
  const validate = payloadValidator(event);
  if (!validate) return;
  const { sid, members } = await setupRoom(t, { members: ['alice', 'bob'] });
  const [alice, bob] = members as [TestSocket, TestSocket];
  const valid = validPayload(event, sid, alice.identity);
  const cases = [
    ...invalidCases(namedSchema(`socket_${event}`), valid, validate),
    ...garbage(valid),
  ].filter((c) => !validate(c.value));
  const bobMark = bob.mark();
  const aliceMark = alice.mark();
  for (const c of cases) {
    if (!alice.connected) break;
    const mark = alice.mark();
    const args = c.value === undefined ? [] : [c.value];
    t.emit(alice, event, ...args);
    const caused = describeEmit(alice.name, event, args);
    await alice.barrier();
    const reply = await alice.waitFor('message_error', { after: mark, timeoutMs: GRACE_MS });
    if (!reply) {
      t.fail({
        rule: `a ${event} payload that breaks its schema is answered with message_error`,
        expected: `message_error for ${c.label}`,
        actual: alice.connected ? 'no message_error' : `disconnected (${alice.dropped ?? '?'})`,
        request: caused,
      });
      continue;
    }
    const error = reply.payload as { event?: unknown; conversationSid?: unknown };
    if (isObject(error) && error.event !== undefined && error.event !== event) {
      t.fail({
        rule: 'message_error names the client event that failed',
        expected: `event: ${event}`,
        actual: `event: ${JSON.stringify(error.event)}`,
        request: caused,
      });
    }
    const sentSid = isObject(c.value) ? c.value.conversationSid : undefined;
    if (
      isObject(error) &&
      error.conversationSid !== undefined &&
      error.conversationSid !== sentSid
    ) {
      t.fail({
        rule: 'message_error carries the payload’s conversationSid, if any',
        expected:
          sentSid === undefined ? 'no conversationSid' : `conversationSid ${String(sentSid)}`,
        actual: `conversationSid ${JSON.stringify(error.conversationSid)}`,
        request: caused,
      });
    }
    if (isObject(error) && sentSid === sid && error.conversationSid !== sid) {
      t.fail({
        rule: 'message_error carries conversationSid when the failed payload carried a valid one',
        expected: `conversationSid ${sid}`,
        actual: `conversationSid ${JSON.stringify(error.conversationSid)}`,
        request: caused,
      });
    }
  }
  await t.settle();
  for (const got of alice.since(aliceMark)) {
    if (got.event === 'message_error') continue;
    t.fail({
      rule: 'an invalid payload is only answered with message_error; nothing is done',
      expected: `only message_error at ${alice.name}`,
      actual: `${got.event} ${excerptJson(got.payload)}`,
    });
  }
  for (const got of bob.since(bobMark)) {
    t.fail({
      rule: 'an invalid payload is answered to the sender only; nothing reaches the room',
      expected: `nothing at ${bob.name}`,
      actual: `${got.event} ${excerptJson(got.payload)}`,
    });
  }
  if (alice.connected && !(await alice.barrier())) {
    t.fail({
      rule: 'the connection survives invalid payloads (ping still pongs)',
      expected: 'pong',
      actual: `nothing within ${t.options.timeoutMs} ms`,
    });
  }
  if (event === 'send_message') {
    const ex = await t.http.call('listMessages', { params: { convoSid: sid } });
    const history = t.expect(ex, 'listMessages', [200], 'the history answers 200');
    if (history && history.data.length > 0) {
      t.fail({
        rule: 'nothing is written for an invalid send_message',
        expected: 'an empty history',
        actual: `${history.data.length} message(s)`,
      });
    }
  }
}

export function socketRobustnessChecks(): Check[] {
  const checks: Check[] = clientEvents
    .filter((event) => payloadValidator(event) !== undefined)
    .map((event) =>
      defineCheck({
        group: 'socket',
        name: `${event}.invalid-payloads`,
        description: `${event} payloads that break the schema, and garbage up to ~100 KB, get message_error; the connection survives`,
        run: (t: CheckContext) => invalidPayloads(t, event),
      }),
    );
  checks.push(
    defineCheck({
      group: 'socket',
      name: 'ping.any-arguments',
      description: 'ping ignores any arguments (garbage, ~100 KB) and still answers pong',
      async run(t) {
        const alice = await t.connect(t.id('alice'));
        for (const args of [[null], ['garbage'], [{ any: 'thing' }], [1, 2, 3], [HUGE]]) {
          const mark = alice.mark();
          t.emit(alice, 'ping', ...args);
          const pong = await alice.waitFor('pong', { after: mark });
          if (!pong) {
            t.fail({
              rule: 'ping ignores its arguments and is answered with pong',
              expected: 'pong',
              actual: alice.connected
                ? `nothing within ${t.options.timeoutMs} ms`
                : `disconnected (${alice.dropped ?? '?'})`,
            });
            if (!alice.connected) return;
          }
        }
      },
    }),
  );
  return checks;
}
