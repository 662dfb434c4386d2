// Socket.IO rules over the AsyncAPI document: events removed, renamed or turned around;
// payloads (through schema.ts, with the flow of the event); our own contract extensions —
// who receives a server event (`x-audience`) and which events a client event causes
// (`x-emits`) — and operation security.
import { isObject, type JsonObject } from '../json.ts';
import { CLIENT_EVENT, deltasToChanges, SERVER_EVENT } from './classify.ts';
import type { Change, Party, Seg, Severity } from './model.ts';
import { deref, type Located } from './resolve.ts';
import { compareSchemas } from './schema.ts';

interface Event {
  name: string;
  direction: 'clientToServer' | 'serverToClient';
  operationId: string;
  at: Seg[];
  payload: Located;
  hasPayload: boolean;
  audience: string | undefined;
  emits: Map<string, string>;
  security: string[][] | undefined;
}

const ARROW = { clientToServer: 'client → server', serverToClient: 'server → client' } as const;

function events(doc: JsonObject): Map<string, Event> {
  const out = new Map<string, Event>();
  const ops = isObject(doc.operations) ? doc.operations : {};
  for (const [operationId, raw] of Object.entries(ops)) {
    const op = deref(doc, { node: raw, path: ['operations', operationId] });
    if (!isObject(op.node)) continue;
    const messages = Array.isArray(op.node.messages) ? op.node.messages : [];
    for (const [index, ref] of messages.entries()) {
      const message = deref(doc, { node: ref, path: [...op.path, 'messages', index] });
      if (!isObject(message.node) || typeof message.node.name !== 'string') continue;
      const emits = new Map<string, string>();
      for (const entry of Array.isArray(op.node['x-emits']) ? op.node['x-emits'] : []) {
        if (isObject(entry) && typeof entry.event === 'string' && typeof entry.to === 'string') {
          emits.set(entry.event, entry.to);
        }
      }
      const security = Array.isArray(op.node.security)
        ? op.node.security.filter(isObject).map((req) => Object.keys(req).sort())
        : undefined;
      out.set(message.node.name, {
        name: message.node.name,
        direction: op.node.action === 'send' ? 'serverToClient' : 'clientToServer',
        operationId,
        at: op.path,
        payload: { node: message.node.payload, path: [...message.path, 'payload'] },
        hasPayload: message.node.payload !== undefined,
        audience: typeof op.node['x-audience'] === 'string' ? op.node['x-audience'] : undefined,
        emits,
        security,
      });
    }
  }
  return out;
}

const AUDIENCE_TEXT: Record<string, string> = {
  sender: 'the sender only',
  room: 'the whole room, sender included',
  others: 'the room except the sender',
};

class SocketDiff {
  readonly changes: Change[] = [];

  constructor(
    private readonly before: JsonObject,
    private readonly after: JsonObject,
  ) {}

  private push(
    rule: string,
    severity: Severity,
    parties: Party[],
    where: string,
    path: Seg[],
    reason: string,
  ): void {
    this.changes.push({ rule, severity, parties, doc: 'asyncapi', where, field: '', path, reason });
  }

  run(): Change[] {
    const olds = events(this.before);
    const news = events(this.after);
    const renamed = new Map<string, string>();
    const gone = [...olds.values()].filter((e) => !news.has(e.name));
    const fresh = [...news.values()].filter((e) => !olds.has(e.name));
    for (const e of gone) {
      // Same operation, or the same direction and payload, under a new event name: renamed.
      const shape = JSON.stringify(deref(this.before, e.payload).node);
      const twin =
        fresh.find(
          (f) => f.operationId === e.operationId && ![...renamed.values()].includes(f.name),
        ) ??
        fresh.find(
          (f) =>
            f.direction === e.direction &&
            ![...renamed.values()].includes(f.name) &&
            JSON.stringify(deref(this.after, f.payload).node) === shape &&
            f.hasPayload,
        );
      if (twin) renamed.set(e.name, twin.name);
    }
    for (const e of gone) {
      const to = renamed.get(e.name);
      const who: Party =
        e.direction === 'clientToServer' ? 'socket-emitter-frontend' : 'socket-listener-frontend';
      const reason = to
        ? `renamed to ${to}: ${e.direction === 'clientToServer' ? 'the server ignores the old name' : 'listeners of the old name hear nothing'}`
        : e.direction === 'clientToServer'
          ? 'client event removed: the server no longer handles it'
          : 'server event removed: listeners never receive it';
      this.push(
        to ? 'event-renamed' : 'event-removed',
        'breaking',
        [who],
        `event ${e.name} (${ARROW[e.direction]})`,
        e.at,
        reason,
      );
    }
    const renamedTo = new Set(renamed.values());
    for (const f of fresh) {
      if (renamedTo.has(f.name)) continue;
      const client = f.direction === 'clientToServer';
      this.push(
        'event-added',
        'non-breaking',
        [client ? 'socket-listener-server' : 'socket-listener-frontend'],
        `event ${f.name} (${ARROW[f.direction]})`,
        f.at,
        client
          ? 'new client event: servers must handle it'
          : 'new server event: frontends may listen to it',
      );
    }
    for (const [name, e] of olds) {
      const f = news.get(renamed.get(name) ?? name);
      if (f) this.event(e, f);
    }
    this.channels();
    return this.changes;
  }

  private event(e: Event, f: Event): void {
    const where = `event ${f.name} (${ARROW[f.direction]})`;
    if (e.direction !== f.direction) {
      this.push(
        'event-direction-changed',
        'breaking',
        [
          'socket-emitter-frontend',
          'socket-listener-frontend',
          'socket-emitter-server',
          'socket-listener-server',
        ],
        where,
        [...f.at, 'action'],
        `direction ${ARROW[e.direction]} → ${ARROW[f.direction]}`,
      );
      return;
    }
    const flow = f.direction === 'clientToServer' ? CLIENT_EVENT : SERVER_EVENT;
    if (e.hasPayload || f.hasPayload) {
      const empty = (at: Located): Located =>
        at.node === undefined ? { node: true, path: at.path } : at;
      const deltas = compareSchemas(
        { doc: this.before, at: empty(e.payload) },
        { doc: this.after, at: empty(f.payload) },
      );
      this.changes.push(
        ...deltasToChanges(deltas, flow, { doc: 'asyncapi', where, field: 'payload' }),
      );
    }
    if (f.direction === 'serverToClient' && e.audience !== f.audience) {
      this.push(
        'audience-changed',
        'breaking',
        ['socket-listener-frontend', 'socket-emitter-server'],
        where,
        [...f.at, 'x-audience'],
        `audience ${e.audience} → ${f.audience}: now sent to ${AUDIENCE_TEXT[f.audience ?? ''] ?? f.audience}`,
      );
    }
    if (f.direction === 'clientToServer') this.emits(e, f, where);
    this.security(e, f, where);
  }

  /** A channel's address is the Socket.IO namespace (or the room naming): clients connect to it. */
  private channels(): void {
    const get = (doc: JsonObject) => (isObject(doc.channels) ? doc.channels : {});
    const x = get(this.before);
    const y = get(this.after);
    for (const [name, raw] of Object.entries(x)) {
      const a = deref(this.before, { node: raw, path: ['channels', name] });
      const b = deref(this.after, { node: y[name], path: ['channels', name] });
      if (!isObject(a.node) || !isObject(b.node) || a.node.address === b.node.address) continue;
      this.push(
        'channel-address-changed',
        'breaking',
        [
          'socket-emitter-frontend',
          'socket-listener-frontend',
          'socket-emitter-server',
          'socket-listener-server',
        ],
        `channel ${name}`,
        [...b.path, 'address'],
        `address ${JSON.stringify(a.node.address)} → ${JSON.stringify(b.node.address)}: sockets connect or join elsewhere`,
      );
    }
  }

  /** A client event's replies: what its sender and the room can count on receiving. */
  private emits(e: Event, f: Event, where: string): void {
    const path = [...f.at, 'x-emits'];
    for (const [event, to] of e.emits) {
      const now = f.emits.get(event);
      if (now === undefined) {
        this.push(
          'emits-removed',
          'breaking',
          ['socket-listener-frontend', 'socket-emitter-server'],
          where,
          path,
          `no longer causes ${event} (to ${to}): frontends waiting for it hang, handlers emitting it no longer compile`,
        );
      } else if (now !== to) {
        this.push(
          'emits-audience-changed',
          'breaking',
          ['socket-listener-frontend', 'socket-emitter-server'],
          where,
          path,
          `${event} now goes to ${now} instead of ${to}`,
        );
      }
    }
    for (const [event, to] of f.emits) {
      if (e.emits.has(event)) continue;
      this.push(
        'emits-added',
        'non-breaking',
        ['socket-listener-frontend', 'socket-emitter-server'],
        where,
        path,
        `now also causes ${event} (to ${to})`,
      );
    }
  }

  private security(e: Event, f: Event, where: string): void {
    const text = (alts: string[][] | undefined) =>
      alts === undefined
        ? 'none'
        : alts.map((a) => (a.length ? a.join('+') : 'anonymous')).join(' | ');
    const before = e.security ?? [[]];
    const after = f.security ?? [[]];
    const ok = (have: string[], alts: string[][]) =>
      alts.length === 0 || alts.some((alt) => alt.every((s) => have.includes(s)));
    if (before.some((alt) => !ok(alt, after))) {
      this.push(
        'security-requirement-added',
        'breaking',
        [f.direction === 'clientToServer' ? 'socket-emitter-frontend' : 'socket-listener-frontend'],
        where,
        [...f.at, 'security'],
        `security ${text(e.security)} → ${text(f.security)}: some clients no longer meet it`,
      );
    }
  }
}

export function diffSocket(before: JsonObject, after: JsonObject): Change[] {
  return new SocketDiff(before, after).run();
}
