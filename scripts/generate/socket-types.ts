// Emits generated/socket.ts (payload schemas as TypeScript, via openapi-typescript) and
// generated/events.ts (named payload types, the Socket.IO event maps, audience tables).
import openapiTS, { astToString } from 'openapi-typescript';
import type { JsonObject } from '../spec/bundle.ts';
import { jsdoc, literal, payloadTypeName } from './naming.ts';
import type { SocketEvent } from './socket-model.ts';

export { payloadTypeName } from './naming.ts';

/**
 * openapi-typescript only reads OpenAPI, so the AsyncAPI schemas and one schema per
 * message payload are wrapped in a minimal OpenAPI 3.1 document. The payload schemas keep
 * their `#/components/schemas/...` refs, which point at the same place in both documents.
 */
export async function emitSocketSchemas(
  asyncapi: JsonObject,
  events: SocketEvent[],
): Promise<string> {
  const components = (asyncapi.components ?? {}) as JsonObject;
  const schemas: JsonObject = { ...((components.schemas ?? {}) as JsonObject) };
  for (const event of events) {
    if (event.payload !== null) schemas[payloadTypeName(event.name)] = event.payload;
  }
  const wrapper = {
    openapi: '3.1.0',
    info: { title: 'socket payloads', version: '0' },
    paths: {},
    components: { schemas },
  };
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript's input type is its own OpenAPI3 model.
  const ast = await openapiTS(wrapper as any);
  return astToString(ast);
}

export function emitEvents(events: SocketEvent[]): string {
  const client = events.filter((e) => e.direction === 'clientToServer');
  const server = events.filter((e) => e.direction === 'serverToClient');
  const out: string[] = [];
  out.push(`import type { components } from './socket.ts';\n`);
  out.push(`type Schemas = components['schemas'];\n`);

  for (const event of events) {
    if (event.payload === null) continue;
    out.push(
      `${jsdoc([`Payload of \`${event.name}\` (${event.direction === 'clientToServer' ? 'client → server' : `server → ${event.audience}`}).`])}` +
        `export type ${payloadTypeName(event.name)} = Schemas[${literal(payloadTypeName(event.name))}];\n`,
    );
  }

  const map = (name: string, list: SocketEvent[]) => {
    const lines = list.map((e) => {
      const args = e.payload === null ? '' : `payload: ${payloadTypeName(e.name)}`;
      return `${jsdoc([e.summary, e.audience ? `Audience: ${e.audience}.` : undefined], '  ')}  ${e.name}: (${args}) => void;`;
    });
    return `export interface ${name} {\n${lines.join('\n')}\n}\n`;
  };
  out.push(
    jsdoc(['Events a client emits; use as `Server<ClientToServerEvents, ServerToClientEvents>`.']),
  );
  out.push(map('ClientToServerEvents', client));
  out.push(
    jsdoc([
      'Events the server emits; use as `Socket<ServerToClientEvents, ClientToServerEvents>` on the client.',
    ]),
  );
  out.push(map('ServerToClientEvents', server));
  out.push(`export interface InterServerEvents {}\n`);

  const payloadMap = (name: string, list: SocketEvent[]) =>
    `export interface ${name} {\n${list
      .map((e) => `  ${e.name}: ${e.payload === null ? 'undefined' : payloadTypeName(e.name)};`)
      .join('\n')}\n}\n`;
  out.push(payloadMap('ClientEventPayloads', client));
  out.push(payloadMap('ServerEventPayloads', server));
  out.push(`export type ClientEventName = keyof ClientToServerEvents;\n`);
  out.push(`export type ServerEventName = keyof ServerToClientEvents;\n`);
  out.push(`export type Audience = 'sender' | 'room' | 'others';\n`);

  out.push(
    `export const clientEventNames = [${client.map((e) => literal(e.name)).join(', ')}] as const satisfies readonly ClientEventName[];\n`,
  );
  out.push(
    `export const serverEventNames = [${server.map((e) => literal(e.name)).join(', ')}] as const satisfies readonly ServerEventName[];\n`,
  );
  out.push(jsdoc(['Who receives each server event (`x-audience` in asyncapi.yaml).']));
  out.push(
    `export const serverEventAudience = {\n${server.map((e) => `  ${e.name}: ${literal(e.audience ?? '')},`).join('\n')}\n} as const satisfies Record<ServerEventName, Audience>;\n`,
  );
  out.push(jsdoc(['What each client event may cause, to whom (`x-emits` in asyncapi.yaml).']));
  out.push(
    `export const clientEventEmits = {\n${client
      .map(
        (e) =>
          `  ${e.name}: [${(e.emits ?? []).map((x) => `{ event: ${literal(x.event)}, to: ${literal(x.to)} }`).join(', ')}],`,
      )
      .join(
        '\n',
      )}\n} as const satisfies Record<ClientEventName, ReadonlyArray<{ event: ServerEventName; to: Audience }>>;\n`,
  );
  return out.join('\n');
}
