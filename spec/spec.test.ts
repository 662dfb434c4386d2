// Proves the spec covers the seed frontend guide: every REST endpoint and Socket.IO event it
// documents, with schemas, error envelopes and audiences, and that the shared schemas are
// defined once. Expected names are read from the guide's text, not from the spec.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { restValidators, socketValidators } from '../generated/validators.js';
import { type Json, type JsonObject, loadSpecs, SPEC_DIR } from '../scripts/spec/bundle.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The guide's promises as data, in this project's words (see its `about`). */
interface GuideFacts {
  endpoints: string[];
  queryParameters: Record<string, string[]>;
  requestBodies: Record<string, Json>;
  responseDataFields: Record<string, string[]>;
  clientEvents: Record<string, { payload?: Json; reply?: string }>;
  serverEventFields: Record<string, string[]>;
}
const facts = JSON.parse(
  readFileSync(path.join(ROOT, 'test/fixtures/frontend-guide.json'), 'utf8'),
) as GuideFacts;

// The guide itself is not part of the repository; point CHAT_API_SEED_GUIDE at a copy to
// prove the fixture still says what the guide says.
const SEED_FILE = process.env.CHAT_API_SEED_GUIDE;
if (SEED_FILE && !existsSync(SEED_FILE)) {
  throw new Error(`CHAT_API_SEED_GUIDE=${SEED_FILE}: no such file`);
}
const seed = SEED_FILE ? readFileSync(SEED_FILE, 'utf8') : undefined;
if (!seed) {
  console.warn(
    'spec.test: CHAT_API_SEED_GUIDE is not set, so the two tests comparing ' +
      'test/fixtures/frontend-guide.json with the frontend guide are skipped; ' +
      'every other test reads the fixture.',
  );
}

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
const clientEventNames = Object.keys(facts.clientEvents);
const expected = {
  endpoints: facts.endpoints,
  withBody: Object.keys(facts.requestBodies),
  query: facts.queryParameters,
  clientEvents: clientEventNames,
  serverEvents: Object.keys(facts.serverEventFields),
  noPayload: clientEventNames.filter((name) => facts.clientEvents[name]?.payload === undefined),
  responses: Object.fromEntries(
    clientEventNames.flatMap((name) => {
      const reply = facts.clientEvents[name]?.reply;
      return reply ? [[name, reply]] : [];
    }),
  ) as Record<string, string>,
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

describe('the frontend guide’s facts (test/fixtures/frontend-guide.json)', () => {
  it('lists the guide’s 13 endpoints, 8 client events and 13 server events', () => {
    expect(expected.endpoints).toHaveLength(13);
    expect(expected.clientEvents).toHaveLength(8);
    expect(expected.serverEvents).toHaveLength(13);
  });

  it.skipIf(!fromSeed)('matches test/fixtures/frontend-guide.json', () => {
    expect(fromSeed?.endpoints).toEqual(expected.endpoints);
    expect(fromSeed?.withBody).toEqual(expected.withBody);
    expect(fromSeed?.query).toEqual(expected.query);
    expect(fromSeed?.clientEvents).toEqual(expected.clientEvents);
    expect(fromSeed?.serverEvents).toEqual(expected.serverEvents);
    expect(fromSeed?.noPayload).toEqual(expected.noPayload);
    expect(fromSeed?.responses).toEqual(expected.responses);
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

/** Property names a schema declares, through `$ref`s, compositions and array items. */
function declaredProperties(doc: JsonObject, node: Json | undefined, seen = 0): Set<string> {
  const names = new Set<string>();
  const schema = deref(doc, node);
  if (!isObject(schema) || seen > 20) return names;
  if (isObject(schema.properties))
    for (const name of Object.keys(schema.properties)) names.add(name);
  const parts = ['allOf', 'oneOf', 'anyOf'].flatMap((key) =>
    Array.isArray(schema[key]) ? (schema[key] as Json[]) : [],
  );
  if (schema.items !== undefined) parts.push(schema.items);
  for (const part of parts)
    for (const name of declaredProperties(doc, part, seen + 1)) names.add(name);
  return names;
}

/** The schema of a property, found through `$ref`s and compositions. */
function propertySchema(doc: JsonObject, node: Json | undefined, name: string): Json | undefined {
  const schema = deref(doc, node);
  if (!isObject(schema)) return undefined;
  if (isObject(schema.properties) && name in schema.properties) return schema.properties[name];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    for (const part of Array.isArray(schema[key]) ? (schema[key] as Json[]) : []) {
      const found = propertySchema(doc, part, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

describe('what the guide’s frontends send is accepted, what they read is declared', () => {
  const operationIds = new Map(
    expected.endpoints.map((key) => [key, String(operation(key).operationId)] as const),
  );

  it.each(Object.entries(facts.requestBodies))(
    '%s accepts the guide’s request body',
    (key, body) => {
      const validators = restValidators as unknown as Record<string, { body?: ValidateFunction }>;
      const validate = validators[operationIds.get(key) ?? '']?.body;
      expect(validate, `${key} has a body validator`).toBeDefined();
      const ok = validate?.(body);
      expect(validate?.errors ?? [], key).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it.each(Object.entries(facts.responseDataFields))(
    '%s declares every field the guide’s frontends read',
    (key, fields) => {
      const responses = obj(operation(key).responses, `${key} responses`);
      const data = propertySchema(openapi, jsonSchemaOf(responses['200']), 'data');
      expect(data, `${key} 200 has data`).toBeDefined();
      const declared = declaredProperties(openapi, data);
      for (const field of fields) expect([...declared], `${key} data.${field}`).toContain(field);
    },
  );

  it.each(Object.entries(facts.clientEvents).filter(([, event]) => event.payload !== undefined))(
    'client event %s accepts the guide’s payload',
    (name, { payload }) => {
      const validate = (socketValidators as unknown as Record<string, ValidateFunction>)[name];
      expect(validate, `${name} validator`).toBeDefined();
      const ok = validate?.(payload);
      expect(validate?.errors ?? [], name).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it.each(Object.entries(facts.serverEventFields))(
    'server event %s declares every field the guide’s listeners read',
    (name, fields) => {
      const [event] = eventsNamed(name, 'send');
      expect(event, `${name} send operation`).toBeDefined();
      const declared = declaredProperties(asyncapi, event?.message.payload);
      for (const field of fields) expect([...declared], `${name}.${field}`).toContain(field);
    },
  );
});

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
