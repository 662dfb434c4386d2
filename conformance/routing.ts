// Judges who received what after one action, with the audiences taken from the spec:
// `x-emits` of the client event that caused it (or `x-audience` of each server event when
// REST or a disconnect caused it). Expected events must reach exactly their audience; no
// socket outside it, and no event the cause does not list, may arrive.
import type { CheckContext } from './context.ts';
import type { TestSocket } from './socket-client.ts';
import { excerptJson } from './socket-client.ts';
import {
  type Audience,
  audienceOf,
  type ClientEventName,
  clientEvents,
  emitsOf,
  type ServerEventName,
} from './spec.ts';

export interface ExpectedEvent {
  event: ServerEventName;
  /** Why a received payload is wrong, or undefined when it is right. */
  check?: (payload: unknown, receiver: TestSocket) => string | undefined;
  /** At most one per recipient (e.g. new_message "exactly once"). */
  once?: boolean;
}

export interface Step {
  /** What caused the events: a client event, or `REST <operationId>`, or `disconnect`. */
  cause: string;
  /**
   * The client event whose `x-emits` give the audiences and allowed events; by default the
   * cause itself when it is a client event (a disconnect is modelled on leave_conversation).
   */
  model?: ClientEventName;
  sender?: TestSocket;
  /** Sockets in the room when the events fire (the sender included if it is in it). */
  room: TestSocket[];
  /** Connected sockets outside the room. */
  outsiders: TestSocket[];
  /** Sockets that were in the room and left it (outsiders, for the spec). */
  left?: TestSocket[];
  expect: ExpectedEvent[];
  /** Events the cause may also produce; by default the cause's other `x-emits`. */
  mayAlso?: ServerEventName[];
  /** Events that must not arrive anywhere this time, with the rule that says so. */
  forbid?: Array<{ event: ServerEventName; rule: string }>;
}

function isClientEvent(name: string): name is ClientEventName {
  return (clientEvents as readonly string[]).includes(name);
}

function audienceFor(model: ClientEventName | undefined, event: ServerEventName): Audience {
  const declared = model ? emitsOf(model).find((e) => e.event === event) : undefined;
  return declared ? declared.to : audienceOf(event);
}

/**
 * What `cause` is declared to produce (its `x-emits`), minus message_error and `omit`,
 * each with the content check given for it. The spec, not the check, decides the list.
 */
export function declaredEffects(
  cause: ClientEventName,
  checks: Partial<Record<ServerEventName, ExpectedEvent['check']>> = {},
  omit: ServerEventName[] = [],
): ExpectedEvent[] {
  return emitsOf(cause)
    .filter((e) => e.event !== 'message_error' && !omit.includes(e.event))
    .map((e) => {
      const check = checks[e.event];
      return check ? { event: e.event, check } : { event: e.event };
    });
}

function describeAudience(audience: Audience): string {
  switch (audience) {
    case 'sender':
      return 'only the socket that caused it';
    case 'room':
      return 'every socket in the room';
    case 'others':
      return 'every socket in the room except the sender';
  }
}

/** Snapshot of every socket's log position before an action. */
export function marks(sockets: TestSocket[]): Map<TestSocket, number> {
  return new Map(sockets.map((s) => [s, s.mark()]));
}

export async function verifyRouting(
  t: CheckContext,
  before: Map<TestSocket, number>,
  step: Step,
): Promise<void> {
  const { sender, room } = step;
  const model = step.model ?? (isClientEvent(step.cause) ? step.cause : undefined);
  const left = new Set(step.left ?? []);
  const involved = [...new Set([...(sender ? [sender] : []), ...room, ...step.outsiders, ...left])];
  const recipients = (audience: Audience): TestSocket[] => {
    if (audience === 'sender') return sender ? [sender] : [];
    if (audience === 'room') return room;
    return room.filter((s) => s !== sender);
  };
  const after = (s: TestSocket) => before.get(s) ?? 0;
  const timeout = t.options.timeoutMs;

  // 1. Every expected event reaches every socket of its audience.
  await Promise.all(
    step.expect.flatMap((e) =>
      recipients(audienceFor(model, e.event)).map((s) =>
        s.waitFor(e.event, { after: after(s), timeoutMs: timeout }),
      ),
    ),
  );
  await t.settle(involved);

  const mayAlso = new Set<string>(
    step.mayAlso ?? (model ? emitsOf(model).map((e) => e.event) : []),
  );
  const expected = new Map(step.expect.map((e) => [e.event as string, e]));

  for (const e of step.expect) {
    const audience = audienceFor(model, e.event);
    for (const s of recipients(audience)) {
      const got = s.since(after(s), e.event);
      const rule = `${e.event} after ${step.cause} goes to ${describeAudience(audience)} (audience: ${audience})`;
      if (got.length === 0) {
        t.fail({
          rule,
          expected: `${s.name} receives ${e.event}`,
          actual: `nothing within ${timeout} ms`,
          subject: e.event,
        });
        continue;
      }
      if (e.check) {
        const problems = got.map((g) => e.check?.(g.payload, s));
        if (problems.every((p) => p !== undefined)) {
          t.fail({
            rule: `${e.event} after ${step.cause} carries the right data`,
            expected: `${s.name} receives a matching ${e.event}`,
            actual: `${problems[0]}; payload ${excerptJson(got[0]?.payload)}`,
            subject: e.event,
          });
        }
      }
      if (e.once && got.length > 1) {
        t.fail({
          rule: `${e.event} reaches each socket exactly once`,
          expected: `1 × ${e.event} at ${s.name}`,
          actual: `${got.length} × ${e.event}`,
          subject: e.event,
        });
      }
    }
  }

  // 2. Nobody outside an event's audience receives it; nothing undeclared arrives.
  const forbidden = new Map((step.forbid ?? []).map((f) => [f.event as string, f.rule]));
  for (const s of involved) {
    for (const got of s.since(after(s))) {
      const name = got.event;
      const forbiddenRule = forbidden.get(name);
      if (forbiddenRule !== undefined) {
        t.fail({
          rule: forbiddenRule,
          expected: `no ${name} at ${s.name}`,
          actual: `${name} ${excerptJson(got.payload)}`,
          subject: name,
          key: `forbidden:${forbiddenRule}`,
        });
        continue;
      }
      if (!expected.has(name) && !mayAlso.has(name)) {
        t.fail({
          rule: `${step.cause} causes only the events asyncapi.yaml lists for ${model ?? 'it'} (x-emits / x-audience)`,
          expected: `no ${name} at ${s.name}`,
          actual: `${name} ${excerptJson(got.payload)}`,
          subject: name,
          key: `unexpected:${step.cause}:${name}`,
        });
        continue;
      }
      const audience = audienceFor(model, name as ServerEventName);
      if (recipients(audience).includes(s)) continue;
      t.fail({
        rule: wrongRecipientRule(name, audience, s, step, left),
        expected: `${s.name} does not receive ${name}`,
        actual: `${s.name} received ${name} ${excerptJson(got.payload)}`,
        subject: name,
        key: `audience:${wrongRecipientRule(name, audience, s, step, left)}`,
      });
    }
  }
}

function wrongRecipientRule(
  event: string,
  audience: Audience,
  s: TestSocket,
  step: Step,
  left: Set<TestSocket>,
): string {
  if (left.has(s)) return `a socket that left the room receives none of its events (${event})`;
  const inRoom = step.room.includes(s);
  if (s === step.sender && audience === 'others') {
    const typing = event === 'user_typing' ? ': typing is never echoed to the typist' : '';
    return `${event} goes to the others in the room, never back to the sender${typing}`;
  }
  if (!inRoom && s !== step.sender) {
    return `a socket outside the room never receives the room's events (${event})`;
  }
  if (!inRoom && s === step.sender) {
    return `${event} goes to the room; the sender is not in it (audience: ${audience})`;
  }
  return `${event} goes to ${describeAudience(audience)} (audience: ${audience}), not to ${s.name}`;
}
