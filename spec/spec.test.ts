// Proves the spec covers the seed frontend guide: every REST endpoint and Socket.IO event it
// documents, with schemas, error envelopes and audiences, and that the shared schemas are
// defined once. Expected names are read from the guide's text, not from the spec.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Json, type JsonObject, loadSpecs, SPEC_DIR } from '../scripts/spec/bundle.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED_FILE = [
  process.env.CHAT_API_SEED_GUIDE,
  path.resolve(ROOT, '../shared/seed/chat-api-frontend-guide.md'),
].find((file): file is string => file !== undefined && existsSync(file));
const seed = SEED_FILE ? readFileSync(SEED_FILE, 'utf8') : undefined;

// The guide's lists as of API version 1.0.0, used only where the guide itself is not next to
// the repository; where it is, a test below proves these equal what the guide says.
const KNOWN_ENDPOINTS = [
  'POST /api/conversations/generate-token',
  'POST /api/conversations/create',
  'POST /api/conversations/newconversation',
  'GET /api/conversations',
  'GET /api/conversations/{userId}/conversations',
  'GET /api/conversations/{convoSid}/messages',
  'POST /api/conversations/{convoSid}/send-message',
  'POST /api/conversations/{convoSid}/add-chat-participant',
  'POST /api/conversations/{convoSid}/add-sms-participant',
  'GET /api/conversations/media/{mediaSid}/content',
  'DELETE /api/conversations/{convoSid}',
  'POST /api/conversations/enable-reachability',
  'GET /api/conversations/users/{identity}/reachability',
];
const KNOWN_WITH_BODY = [
  'POST /api/conversations/generate-token',
  'POST /api/conversations/create',
  'POST /api/conversations/newconversation',
  'POST /api/conversations/{convoSid}/send-message',
  'POST /api/conversations/{convoSid}/add-chat-participant',
  'POST /api/conversations/{convoSid}/add-sms-participant',
];
const KNOWN_QUERY = { 'GET /api/conversations': ['userId'] } as Record<string, string[]>;
const KNOWN_CLIENT_EVENTS = [
  'user_connect',
  'join_conversation',
  'leave_conversation',
  'send_message',
  'typing_start',
  'typing_stop',
  'get_online_users',
  'ping',
];
const KNOWN_SERVER_EVENTS = [
  'user_connected',
  'joined_conversation',
  'conversation_users',
  'user_joined',
  'user_left',
  'new_message',
  'message_sent',
  'message_error',
  'user_typing',
  'online_users',
  'conversation_updated',
  'user_status_changed',
  'pong',
];
const KNOWN_NO_PAYLOAD = ['ping'];
const KNOWN_RESPONSES: Record<string, string> = {
  user_connect: 'user_connected',
  join_conversation: 'joined_conversation',
  send_message: 'message_sent',
  get_online_users: 'online_users',
  ping: 'pong',
};

// Socket.IO's own lifecycle events, which the guide documents next to the application's.
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting']);

/** The guide's text between a heading and the next heading of the same or higher level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`seed has no "${heading}" section`);
  const level = heading.match(/^#+/)?.[0].length ?? 2;
  const rest = text.slice(start + heading.length);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

function toOpenApiPath(seedPath: string): string {
  return seedPath.replace(/:([A-Za-z]+)/g, '{$1}');
}

interface SeedModel {
  endpoints: string[];
  withBody: string[];
  query: Record<string, string[]>;
  summaryTableEndpoints: string[];
  clientEvents: string[];
  serverEvents: string[];
  noPayload: string[];
  responses: Record<string, string>;
  summaryTableEvents: Array<{ event: string; direction: string }>;
}

function readSeed(text: string): SeedModel {
  // Each endpoint is a `**Endpoint:** \`METHOD /path\`` line; its section runs to the next one.
  const blocks = text.split(/\*\*Endpoint:\*\*\s*/).slice(1);
  const endpoints: string[] = [];
  const withBody: string[] = [];
  const query: Record<string, string[]> = {};
  for (const block of blocks) {
    const match = block.match(/^`(GET|POST|PUT|PATCH|DELETE) ([^`\s?]+)`/);
    if (!match) continue;
    const body = block.split(/\n#{2,3} /)[0] ?? '';
    const key = `${match[1]} ${toOpenApiPath(match[2] ?? '')}`;
    endpoints.push(key);
    if (body.includes('**Request Body:**')) withBody.push(key);
    const params = body.split('**Query Parameters:**')[1]?.split('\n\n**')[0];
    if (params) query[key] = [...params.matchAll(/^- `(\w+)`/gm)].map((m) => m[1] ?? '');
  }

  const restTable = section(text, '### REST API Endpoints Summary');
  const summaryTableEndpoints = [
    ...restTable.matchAll(/^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`([^`]+)`/gm),
  ].map((m) => `${m[1]} ${toOpenApiPath(m[2] ?? '')}`);

  const headings = (part: string) =>
    [...part.matchAll(/^#### \d+\. (\w+)\s*$/gm)]
      .map((m) => m[1] ?? '')
      .filter((name) => !RESERVED_EVENTS.has(name));
  const clientPart = section(text, '### Client → Server Events');
  const serverPart = section(text, '### Server → Client Events');
  const clientEvents = headings(clientPart);
  const noPayload: string[] = [];
  const responses: Record<string, string> = {};
  for (const name of clientEvents) {
    const part = section(clientPart, `#### ${clientEvents.indexOf(name) + 1}. ${name}`);
    if (new RegExp(`socket\\.emit\\("${name}"\\)`).test(part)) noPayload.push(name);
    const response = part.match(/\*\*Response:\*\*\s*`(\w+)`/)?.[1];
    if (response) responses[name] = response;
  }

  const eventsTable = section(text, '### Socket.IO Events Summary');
  const summaryTableEvents = [...eventsTable.matchAll(/^\|\s*`(\w+)`\s*\|\s*([^|]+?)\s*\|/gm)].map(
    (m) => ({
      event: m[1] ?? '',
      direction: m[2] ?? '',
    }),
  );
  return {
    endpoints,
    withBody,
    query,
    summaryTableEndpoints,
    clientEvents,
    serverEvents: headings(serverPart),
    noPayload,
    responses,
    summaryTableEvents,
  };
}

const fromSeed = seed ? readSeed(seed) : undefined;
const expected = {
  endpoints: fromSeed?.endpoints ?? KNOWN_ENDPOINTS,
  withBody: fromSeed?.withBody ?? KNOWN_WITH_BODY,
  query: fromSeed?.query ?? KNOWN_QUERY,
  clientEvents: fromSeed?.clientEvents ?? KNOWN_CLIENT_EVENTS,
  serverEvents: fromSeed?.serverEvents ?? KNOWN_SERVER_EVENTS,
  noPayload: fromSeed?.noPayload ?? KNOWN_NO_PAYLOAD,
  responses: fromSeed?.responses ?? KNOWN_RESPONSES,
};

// Endpoints the spec adds so that the guide's upload examples work end to end.
const ADDED_ENDPOINTS = [
  {
    key: 'POST /api/conversations/{convoSid}/send-message-with-files',
    media: 'multipart/form-data',
  },
  { key: 'POST /api/upload/{kind}', media: 'multipart/form-data' },
];

const SHARED = ['Message', 'Participant', 'Conversation', 'OnlineUser', 'ErrorResponse'];
const AUDIENCES = ['sender', 'room', 'others'];

const specs = loadSpecs();
const { openapi, asyncapi } = specs;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: Json | undefined, what: string): JsonObject {
  if (!isObject(value)) throw new Error(`${what} is not an object`);
  return value;
}

function deref(doc: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  while (isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json | undefined>((at, key) => (isObject(at) ? at[key] : undefined), doc);
  }
  return current;
}

function operation(key: string): JsonObject {
  const [method = '', route = ''] = key.split(' ');
  const item = obj(obj(openapi.paths, 'paths')[route], `path ${route}`);
  return obj(item[method.toLowerCase()], key);
}

function jsonSchemaOf(response: Json | undefined, media = 'application/json'): Json | undefined {
  const resolved = obj(deref(openapi, response), 'response');
  const content = isObject(resolved.content) ? resolved.content[media] : undefined;
  return isObject(content) ? content.schema : undefined;
}

describe('the seed guide as read by this test', () => {
  it('yields the guide’s 13 endpoints, 8 client events and 13 server events', () => {
    expect(expected.endpoints).toHaveLength(13);
    expect(expected.clientEvents).toHaveLength(8);
    expect(expected.serverEvents).toHaveLength(13);
  });

  it.skipIf(!fromSeed)('matches the lists kept for checkouts without the guide', () => {
    expect(fromSeed?.endpoints).toEqual(KNOWN_ENDPOINTS);
    expect(fromSeed?.withBody).toEqual(KNOWN_WITH_BODY);
    expect(fromSeed?.query).toEqual(KNOWN_QUERY);
    expect(fromSeed?.clientEvents).toEqual(KNOWN_CLIENT_EVENTS);
    expect(fromSeed?.serverEvents).toEqual(KNOWN_SERVER_EVENTS);
    expect(fromSeed?.noPayload).toEqual(KNOWN_NO_PAYLOAD);
    expect(fromSeed?.responses).toEqual(KNOWN_RESPONSES);
  });

  it.skipIf(!fromSeed)('agrees with the guide’s own summary tables', () => {
    const model = fromSeed as SeedModel;
    expect(model.summaryTableEndpoints.length).toBeGreaterThan(0);
    for (const endpoint of model.summaryTableEndpoints) expect(model.endpoints).toContain(endpoint);
    expect(model.summaryTableEvents.length).toBeGreaterThan(0);
    for (const { event, direction } of model.summaryTableEvents) {
      const list = direction.startsWith('Client') ? model.clientEvents : model.serverEvents;
      expect(list, `${event} (${direction})`).toContain(event);
    }
  });
});

describe('REST coverage of the seed (openapi.yaml)', () => {
  it.each(expected.endpoints)('%s exists with a 200 schema and error envelopes', (key) => {
    const op = operation(key);
    const responses = obj(op.responses, `${key} responses`);
    expect(jsonSchemaOf(responses['200']), `${key} 200 schema`).toBeDefined();
    const errors = Object.keys(responses).filter((status) => /^[45]\d\d$/.test(status));
    expect(errors, `${key} error responses`).toContain('500');
    for (const status of errors) {
      expect(jsonSchemaOf(responses[status]), `${key} ${status}`).toEqual({
        $ref: '#/components/schemas/ErrorResponse',
      });
    }
  });

  it.each(expected.endpoints)('%s takes a JSON body exactly when the guide sends one', (key) => {
    const body = deref(openapi, operation(key).requestBody);
    if (expected.withBody.includes(key)) {
      const content = obj(obj(body, `${key} requestBody`).content, 'content');
      expect(obj(content['application/json'], `${key} JSON body`).schema).toBeDefined();
      expect(obj(body, 'requestBody').required).toBe(true);
    } else {
      expect(body, `${key} has no body in the guide`).toBeUndefined();
    }
  });

  it('declares the query parameters the guide lists', () => {
    expect(Object.keys(expected.query).length).toBeGreaterThan(0);
    for (const [key, names] of Object.entries(expected.query)) {
      const parameters = (operation(key).parameters as Json[] | undefined) ?? [];
      const query = parameters
        .map((parameter) => obj(deref(openapi, parameter), 'parameter'))
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name);
      expect(query, key).toEqual(expect.arrayContaining(names));
    }
  });

  it.each(ADDED_ENDPOINTS)(
    '$key (upload support) takes $media and answers 200 JSON',
    ({ key, media }) => {
      const op = operation(key);
      const body = obj(deref(openapi, op.requestBody), 'requestBody');
      const content = obj(body.content, 'content');
      expect(obj(content[media], media).schema).toBeDefined();
      const responses = obj(op.responses, 'responses');
      expect(jsonSchemaOf(responses['200'])).toBeDefined();
      expect(jsonSchemaOf(responses['500'])).toEqual({
        $ref: '#/components/schemas/ErrorResponse',
      });
    },
  );
});

interface EventOperation {
  id: string;
  action: string;
  operation: JsonObject;
  message: JsonObject;
}

function eventOperations(): EventOperation[] {
  return Object.entries(obj(asyncapi.operations, 'operations')).flatMap(([id, raw]) => {
    const op = obj(raw, id);
    const messages = Array.isArray(op.messages) ? op.messages : [];
    return messages.map((ref) => ({
      id,
      action: String(op.action),
      operation: op,
      message: obj(deref(asyncapi, ref), `${id} message`),
    }));
  });
}

function eventsNamed(name: string, action: 'send' | 'receive'): EventOperation[] {
  return eventOperations().filter(
    (event) => event.message.name === name && event.action === action,
  );
}

describe('Socket.IO coverage of the seed (asyncapi.yaml)', () => {
  it.each(expected.clientEvents)(
    'client event %s is received, with payload and x-emits',
    (name) => {
      const [event, ...more] = eventsNamed(name, 'receive');
      expect(event, `${name} receive operation`).toBeDefined();
      expect(more).toHaveLength(0);
      const { operation: op, message } = event as EventOperation;
      if (expected.noPayload.includes(name)) expect(message.payload).toBeUndefined();
      else expect(obj(message.payload, `${name} payload`)).not.toEqual({});
      const emits = op['x-emits'];
      expect(Array.isArray(emits) && emits.length > 0, `${name} x-emits`).toBe(true);
      const to = (emits as Json[]).map((emit) => obj(emit, 'x-emits entry'));
      for (const entry of to) expect(AUDIENCES).toContain(entry.to);
      const response = expected.responses[name];
      if (response) expect(to.map((entry) => entry.event)).toContain(response);
    },
  );

  it.each(expected.serverEvents)('server event %s is sent, with payload and x-audience', (name) => {
    const [event, ...more] = eventsNamed(name, 'send');
    expect(event, `${name} send operation`).toBeDefined();
    expect(more).toHaveLength(0);
    const { operation: op, message } = event as EventOperation;
    expect(obj(message.payload, `${name} payload`)).not.toEqual({});
    expect(AUDIENCES).toContain(op['x-audience']);
  });

  it('has no event the guide does not list', () => {
    const names = eventOperations().map((event) => String(event.message.name));
    expect(new Set(names)).toEqual(new Set([...expected.clientEvents, ...expected.serverEvents]));
  });
});

describe('shared schemas are defined once', () => {
  const raw = {
    openapi: parse(readFileSync(path.join(SPEC_DIR, 'openapi.yaml'), 'utf8')) as JsonObject,
    asyncapi: parse(readFileSync(path.join(SPEC_DIR, 'asyncapi.yaml'), 'utf8')) as JsonObject,
  };
  const sharedFiles = readdirSync(path.join(SPEC_DIR, 'schemas'));

  /** Every schema-ish object in a raw document, with its location, `$ref`s not followed. */
  function objects(node: Json | undefined, at: string, out: Array<[string, JsonObject]> = []) {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        objects(item, `${at}/${index}`, out);
      });
    } else if (isObject(node)) {
      out.push([at, node]);
      for (const [key, value] of Object.entries(node)) objects(value, `${at}/${key}`, out);
    }
    return out;
  }

  it.each(SHARED)('%s lives in spec/schemas and is named identically in both bundles', (name) => {
    expect(sharedFiles).toContain(`${name}.yaml`);
    const inOpenApi = obj(obj(openapi.components, 'components').schemas, 'schemas')[name];
    const inAsyncApi = obj(obj(asyncapi.components, 'components').schemas, 'schemas')[name];
    expect(inOpenApi ?? inAsyncApi, `${name} is used by at least one document`).toBeDefined();
    if (inOpenApi && inAsyncApi) expect(inOpenApi).toEqual(inAsyncApi);
  });

  /** Properties compared by meaning: prose dropped, `$ref`s reduced to file name and pointer. */
  function shape(node: Json | undefined): Json | undefined {
    if (Array.isArray(node)) return node.map((item) => shape(item) ?? null);
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'description' || key === 'examples' || key === 'title') continue;
      out[key] =
        key === '$ref' && typeof value === 'string' ? path.basename(value) : (shape(value) ?? null);
    }
    return out;
  }

  it.each(SHARED)('%s is referenced, never copied, by the documents', (name) => {
    const file = parse(
      readFileSync(path.join(SPEC_DIR, 'schemas', `${name}.yaml`), 'utf8'),
    ) as JsonObject;
    const properties = shape(obj(file.properties, `${name}.properties`));
    let references = 0;
    for (const [docName, doc] of Object.entries(raw)) {
      for (const [at, node] of objects(doc, docName)) {
        if (typeof node.$ref === 'string' && node.$ref.endsWith(`schemas/${name}.yaml`))
          references += 1;
        if (isObject(node.properties)) {
          expect(shape(node.properties), `${at} repeats the properties of ${name}`).not.toEqual(
            properties,
          );
        }
      }
    }
    expect(references, `$refs to schemas/${name}.yaml`).toBeGreaterThan(0);
  });

  it('every shared schema name means the same schema in both bundles', () => {
    const a = obj(obj(openapi.components, 'components').schemas, 'schemas');
    const b = obj(obj(asyncapi.components, 'components').schemas, 'schemas');
    const common = Object.keys(a).filter((name) => name in b);
    expect(common.length).toBeGreaterThan(0);
    for (const name of common) expect(a[name], name).toEqual(b[name]);
  });
});
