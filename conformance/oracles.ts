// The oracles: judgements that hold for every response and every event whatever the check
// that caused it, registered here once and applied automatically (CheckContext runs the
// response oracles on each exchange; TestSocket runs the event oracles on each event).
// Checks only drive traffic and add what their scenario promises. The remaining oracles
// are applied where the check knows the intent: "valid input accepted" / "invalid input
// rejected" (CheckContext.judge, rest-negative's expectRejected) and "an event reaches
// exactly its audience" (routing.ts verifyRouting).
import { responseViolations, serverErrorCause } from './assert.ts';
import type { HttpExchange } from './http.ts';
import { describeRequest, describeResponse } from './http.ts';
import type { ReceivedEvent } from './socket-client.ts';
import { excerptJson } from './socket-client.ts';
import { firstMismatch, isServerEvent, payloadValidator, serverEvents } from './spec.ts';
import type { Violation } from './types.ts';

export interface ResponseOracle {
  name: string;
  judge(ex: HttpExchange, operationId: string): Violation[];
}

export interface EventOracle {
  name: string;
  /** `receiver` names the socket; `cause` is the last request/emit before the event. */
  judge(event: ReceivedEvent, receiver: string, cause: string | undefined): Violation[];
}

export const responseOracles: ResponseOracle[] = [
  {
    name: 'response matches the spec (status declared, content type, schema, envelope)',
    judge: responseViolations,
  },
  {
    name: 'no 5xx',
    judge(ex, operationId) {
      if (ex.status < 500) return [];
      return [
        {
          rule: 'the server never fails (no 5xx) on the runner’s requests',
          expected: 'HTTP < 500',
          actual: `HTTP ${ex.status}`,
          request: describeRequest(ex),
          response: describeResponse(ex),
          reproduce: ex.curl,
          subject: operationId,
          ...serverErrorCause(operationId, ex.status),
        },
      ];
    },
  },
];

export const eventOracles: EventOracle[] = [
  {
    name: 'the event is declared',
    judge(received, _receiver, cause) {
      if (isServerEvent(received.event)) return [];
      return [
        {
          rule: 'the server sends only events declared in asyncapi.yaml',
          expected: `one of ${serverEvents.join(', ')}`,
          actual: `${received.event}(${excerptJson(received.payload)})`,
          request: cause,
          subject: received.event,
          key: `undeclared-event:${received.event}`,
        },
      ];
    },
  },
  {
    name: 'one JSON argument',
    judge(received, receiver, cause) {
      if (!isServerEvent(received.event) || received.argCount === 1) return [];
      return [
        {
          rule: 'every event carries one JSON argument, optionally a recovery offset (asyncapi.yaml, Transport)',
          expected: `${received.event} received by ${receiver} with 1 argument`,
          actual: `${received.argCount} arguments`,
          request: cause,
          subject: received.event,
          key: `event-args:${received.event}:${received.argCount}`,
        },
      ];
    },
  },
  {
    name: 'the payload matches its schema',
    judge(received, receiver, cause) {
      if (!isServerEvent(received.event)) return [];
      const validate = payloadValidator(received.event);
      const mismatch = validate ? firstMismatch(validate, received.payload) : null;
      if (!mismatch) return [];
      const where = `${received.event} received by ${receiver}`;
      return [
        {
          rule: `${received.event} payload matches its AsyncAPI schema`,
          expected: `${mismatch.path} to conform`,
          actual: `${mismatch.path} ${mismatch.message}; payload ${excerptJson(received.payload)}`,
          path: mismatch.path,
          request: cause ? `${cause} → ${where}` : where,
          subject: received.event,
          key: `event-schema:${received.event}:${mismatch.path.replace(/\[\d+\]/g, '[*]')}:${mismatch.message}`,
        },
      ];
    },
  },
];

/** Every response oracle's verdict on one exchange of `operationId`. */
export function judgeResponse(ex: HttpExchange, operationId: string): Violation[] {
  return responseOracles.flatMap((o) => o.judge(ex, operationId));
}

/** Every event oracle's verdict on one received event. */
export function judgeEvent(
  received: ReceivedEvent,
  receiver: string,
  cause: string | undefined,
): Violation[] {
  return eventOracles.flatMap((o) => o.judge(received, receiver, cause));
}
