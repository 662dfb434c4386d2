// Emits generated/socket-handlers.ts: one handler signature per client event, with a
// reply object whose overloads allow exactly the events x-emits declares, to exactly the
// audiences it declares. Emitting anything else is a compile error in the handler.
import { jsdoc, literal, pascal } from './naming.ts';
import { AUDIENCES, type SocketEvent } from './socket-model.ts';
import { payloadTypeName } from './socket-types.ts';

export function replyTypeName(event: string): string {
  return `${pascal(event)}Reply`;
}

export function emitSocketHandlers(events: SocketEvent[]): string {
  const client = events.filter((e) => e.direction === 'clientToServer');
  const byName = new Map(events.map((e) => [e.name, e]));
  const imports = new Set<string>();
  const out: string[] = [];

  for (const event of client) {
    const methods: string[] = [];
    for (const audience of AUDIENCES) {
      const targets = (event.emits ?? []).filter((x) => x.to === audience);
      for (const target of targets) {
        const payloadType =
          byName.get(target.event)?.payload === null ? null : payloadTypeName(target.event);
        if (payloadType) imports.add(payloadType);
        const room = audience === 'sender' ? '' : 'conversationSid: string, ';
        const payload = payloadType ? `payload: ${payloadType}` : '';
        methods.push(`  ${audience}(${room}event: ${literal(target.event)}, ${payload}): void;`);
      }
    }
    out.push(
      `${jsdoc([`How a \`${event.name}\` handler may answer (x-emits of ${event.operationId}).`])}export interface ${replyTypeName(event.name)} {\n${methods.join('\n')}\n}\n`,
    );
  }

  const handlerLines = client.map((event) => {
    const payload = event.payload === null ? 'undefined' : payloadTypeName(event.name);
    if (event.payload !== null) imports.add(payloadTypeName(event.name));
    return `${jsdoc([event.summary, event.description], '  ')}  ${event.name}(payload: ${payload}, reply: ${replyTypeName(event.name)}, ctx: Ctx): void | Promise<void>;`;
  });
  out.push(
    `${jsdoc([
      'One handler per client → server event. Payloads arrive already validated against the spec.',
    ])}export interface SocketHandlers<Ctx = unknown> {\n${handlerLines.join('\n')}\n}\n`,
  );
  const header = `import type {\n${[...imports]
    .sort()
    .map((name) => `  ${name},`)
    .join('\n')}\n} from './events.ts';\n`;
  return `${header}\n${out.join('\n')}`;
}
