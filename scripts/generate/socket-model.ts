// Reads the Socket.IO contract out of the bundled AsyncAPI document: which events exist,
// who sends them, their payload schema, and (from our x-audience / x-emits extensions)
// which audiences each server event goes to and what each client event may emit.
import { followRef, isObject, type Json, type JsonObject } from '../spec/json.ts';

export type Audience = 'sender' | 'room' | 'others';
export const AUDIENCES: readonly Audience[] = ['sender', 'room', 'others'];

export interface SocketEvent {
  /** The Socket.IO event name (the AsyncAPI message name). */
  name: string;
  direction: 'clientToServer' | 'serverToClient';
  /** The operation id in asyncapi.yaml that carries it. */
  operationId: string;
  summary?: string;
  description?: string;
  /** The payload schema (bundled, may hold internal $refs), or null for an event without payload. */
  payload: Json | null;
  /** serverToClient only: the audiences it is sent to. */
  audience?: Audience;
  /** clientToServer only: the server events it may cause, per audience. */
  emits?: Array<{ event: string; to: Audience }>;
}

export class SocketModelError extends Error {}

function asString(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isAudience(value: Json | undefined): value is Audience {
  return typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);
}

/** Events in document order of their operations; each event belongs to exactly one operation. */
export function readSocketModel(asyncapi: JsonObject): SocketEvent[] {
  const operations = asyncapi.operations;
  if (!isObject(operations)) throw new SocketModelError('asyncapi: no operations');
  const events: SocketEvent[] = [];
  const seen = new Set<string>();
  for (const [operationId, raw] of Object.entries(operations)) {
    const op = followRef(asyncapi, raw);
    if (!isObject(op)) throw new SocketModelError(`operations.${operationId} is not an object`);
    const action = op.action;
    if (action !== 'send' && action !== 'receive') {
      throw new SocketModelError(`operations.${operationId}.action must be send or receive`);
    }
    const messages = Array.isArray(op.messages) ? op.messages : [];
    if (messages.length !== 1) {
      throw new SocketModelError(`operations.${operationId} must carry exactly one message`);
    }
    const message = followRef(asyncapi, messages[0]);
    if (!isObject(message) || typeof message.name !== 'string') {
      throw new SocketModelError(`operations.${operationId}: message without a name`);
    }
    const name = message.name;
    if (seen.has(name)) throw new SocketModelError(`event ${name} is carried by two operations`);
    seen.add(name);
    const event: SocketEvent = {
      name,
      direction: action === 'receive' ? 'clientToServer' : 'serverToClient',
      operationId,
      summary: asString(op.summary) ?? asString(message.summary),
      description: asString(op.description),
      payload: message.payload ?? null,
    };
    if (action === 'send') {
      const audience = op['x-audience'];
      if (!isAudience(audience)) {
        throw new SocketModelError(
          `operations.${operationId}.x-audience must be sender|room|others`,
        );
      }
      event.audience = audience;
    } else {
      const emits = Array.isArray(op['x-emits']) ? op['x-emits'] : [];
      event.emits = emits.map((entry, index) => {
        if (!isObject(entry) || typeof entry.event !== 'string' || !isAudience(entry.to)) {
          throw new SocketModelError(
            `operations.${operationId}.x-emits[${index}] must be {event, to: sender|room|others}`,
          );
        }
        return { event: entry.event, to: entry.to };
      });
    }
    events.push(event);
  }
  const serverEvents = new Set(
    events.filter((e) => e.direction === 'serverToClient').map((e) => e.name),
  );
  for (const event of events) {
    for (const emitted of event.emits ?? []) {
      if (!serverEvents.has(emitted.event)) {
        throw new SocketModelError(
          `operations.${event.operationId}.x-emits names ${emitted.event}, which is not a server event`,
        );
      }
    }
  }
  return events;
}
