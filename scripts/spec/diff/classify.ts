// Turns a schema delta into a Change: which way the values flow decides who is hurt. The
// project's line: a change is breaking when a frontend written against the old contract
// stops working; what a server implementing the contract must do differently is reported as
// non-breaking work for it (servers move with the spec), except where its code would no
// longer compile or a promised behaviour disappears (the REST and socket rules say so).
import type { Change, DocName, Party, Seg } from './model.ts';
import { sideOf } from './model.ts';
import type { Delta, Effect } from './schema.ts';

/** Who produces the values a schema describes and who consumes them. */
export interface Flow {
  producer: Party;
  consumer: Party;
}

export const REST_REQUEST: Flow = { producer: 'rest-client', consumer: 'rest-server' };
export const REST_RESPONSE: Flow = { producer: 'rest-server', consumer: 'rest-client' };
export const CLIENT_EVENT: Flow = {
  producer: 'socket-emitter-frontend',
  consumer: 'socket-listener-server',
};
export const SERVER_EVENT: Flow = {
  producer: 'socket-emitter-server',
  consumer: 'socket-listener-frontend',
};

export function classify(effect: Effect, flow: Flow): Pick<Change, 'severity' | 'parties'> {
  const frontend = sideOf(flow.producer) === 'frontend' ? flow.producer : flow.consumer;
  const backend = frontend === flow.producer ? flow.consumer : flow.producer;
  switch (effect) {
    case 'narrowed':
      return {
        severity: sideOf(flow.producer) === 'frontend' ? 'breaking' : 'non-breaking',
        parties: [flow.producer],
      };
    case 'widened':
      return {
        severity: sideOf(flow.consumer) === 'frontend' ? 'breaking' : 'non-breaking',
        parties: [flow.consumer],
      };
    case 'both':
    case 'default':
      return { severity: 'breaking', parties: [frontend, backend] };
    case 'added':
      return { severity: 'non-breaking', parties: [flow.consumer] };
    case 'deprecated':
      return { severity: 'non-breaking', parties: [frontend] };
  }
}

/** Schema deltas found at one place (an operation's body, an event's payload) as Changes. */
export function deltasToChanges(
  deltas: Delta[],
  flow: Flow,
  place: { doc: DocName; where: string; field: string },
): Change[] {
  return deltas.map((delta) => ({
    rule: delta.rule,
    ...classify(delta.effect, flow),
    doc: place.doc,
    where: place.where,
    field: [place.field, delta.field].filter(Boolean).join(' › '),
    path: delta.path as Seg[],
    reason: delta.reason,
  }));
}
