// The contract as the runner sees it: by default the one built in from generated/ (the
// bundled OpenAPI and AsyncAPI documents, the ahead-of-time validators, the event routing
// tables); with `--spec`, another version compiled at run time (contract-source.ts) and
// installed with installContract before the checks are built. On top of it: dereferenced
// schemas for the input generators, and the coverage of all of it a run achieved.
import type { ErrorObject, ValidateFunction } from 'ajv';
import asyncapiDoc from '../generated/asyncapi.json' with { type: 'json' };
import {
  type Audience,
  type ClientEventName,
  clientEventEmits,
  clientEventNames,
  type ServerEventName,
  serverEventAudience,
  serverEventNames,
} from '../generated/events.ts';
import openapiDoc from '../generated/openapi.json' with { type: 'json' };
import schemasDoc from '../generated/schemas.json' with { type: 'json' };
import { restValidators, socketValidators } from '../generated/validators.js';
import type { Coverage } from './types.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type { Audience, ClientEventName, ServerEventName, ValidateFunction };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface RestValidatorSet {
  path?: ValidateFunction;
  query?: ValidateFunction;
  body?: ValidateFunction;
  responses: Partial<Record<number, ValidateFunction>>;
}

/** Everything the checks read from a version of the spec. */
export interface Contract {
  /** Where it came from, for the report: the built-in one, a folder or a URL. */
  source: string;
  openapi: JsonObject;
  asyncapi: JsonObject;
  /** Every validator's schema by name (`rest_sendMessage_body`, `socket_new_message`). */
  schemas: Record<string, Json>;
  rest: Record<string, RestValidatorSet>;
  socket: Record<string, ValidateFunction | undefined>;
  clientEvents: readonly ClientEventName[];
  serverEvents: readonly ServerEventName[];
  audience: Record<string, Audience>;
  emits: Record<string, ReadonlyArray<{ event: ServerEventName; to: Audience }>>;
}

/** The contract this package was generated from. */
export const builtInContract: Contract = {
  source: 'built in',
  openapi: openapiDoc as unknown as JsonObject,
  asyncapi: asyncapiDoc as unknown as JsonObject,
  schemas: schemasDoc as unknown as Record<string, Json>,
  rest: restValidators as unknown as Record<string, RestValidatorSet>,
  socket: socketValidators as unknown as Record<string, ValidateFunction | undefined>,
  clientEvents: clientEventNames,
  serverEvents: serverEventNames,
  audience: serverEventAudience,
  emits: clientEventEmits,
};

let current: Contract = builtInContract;

function docs(): Record<string, JsonObject> {
  return { 'openapi.json': current.openapi, 'asyncapi.json': current.asyncapi };
}

/** The contract the checks are judged against. */
export function contract(): Contract {
  return current;
}

// ---------------------------------------------------------------------------------------
// Schema mismatches as JSON paths

export interface SchemaMismatch {
  /** JSON path of the offending value, e.g. `$.data.participants[0].id`. */
  path: string;
  message: string;
}

/** `/data/participants/0/id` → `$.data.participants[0].id`. */
export function jsonPath(pointer: string, child?: string): string {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/');
  if (child !== undefined) parts.push(child);
  let out = '$';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function describeError(error: ErrorObject): SchemaMismatch {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path: jsonPath(error.instancePath, String(params.missingProperty)),
        message: `is required but missing`,
      };
    case 'additionalProperties':
      return {
        path: jsonPath(error.instancePath, String(params.additionalProperty)),
        message: 'is not allowed here (no additional properties)',
      };
    case 'const':
      return {
        path: jsonPath(error.instancePath),
        message: `must be ${JSON.stringify(params.allowedValue)}`,
      };
    case 'enum':
      return {
        path: jsonPath(error.instancePath),
        message: `must be one of ${JSON.stringify(params.allowedValues)}`,
      };
    default:
      return { path: jsonPath(error.instancePath), message: error.message ?? error.keyword };
  }
}

/** Null when the value conforms; else where and why it first breaks the schema. */
export function firstMismatch(validate: ValidateFunction, value: unknown): SchemaMismatch | null {
  if (validate(value)) return null;
  const first = validate.errors?.[0];
  return first ? describeError(first) : { path: '$', message: 'does not match the schema' };
}

// ---------------------------------------------------------------------------------------
// Dereferencing (for generators and mutations, which must see through $ref)

function pointerGet(doc: Json, pointer: string): Json {
  let node: Json = doc;
  for (const raw of pointer.replace(/^#?\/?/, '').split('/')) {
    if (raw === '') continue;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)] ?? null;
    else if (node !== null && typeof node === 'object') node = node[key] ?? null;
    else return null;
  }
  return node;
}

/** Key under which a dereferenced node remembers the name of the schema it came from. */
export const REF_NAME = 'x-ref-name';

/** A copy of `node` with every $ref inlined; inlined nodes carry their schema's name. */
export function deref(node: Json, docName = 'openapi.json', depth = 0): Json {
  if (depth > 64) throw new Error('schema nesting too deep (cyclic $ref?)');
  if (Array.isArray(node)) return node.map((item) => deref(item, docName, depth + 1));
  if (node === null || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const [file, pointer = ''] = ref.split('#');
    const targetDoc = file ? file : docName;
    const doc = docs()[targetDoc];
    if (!doc) throw new Error(`unknown document in $ref ${ref}`);
    const target = deref(pointerGet(doc, pointer), targetDoc, depth + 1);
    const { $ref: _ref, ...siblings } = node;
    const name = pointer.split('/').pop() ?? '';
    return {
      ...(isObject(target) ? (target as JsonObject) : {}),
      ...(deref(siblings, docName, depth + 1) as JsonObject),
      [REF_NAME]: name,
    };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = deref(value, docName, depth + 1);
  return out;
}

/** A named schema of one document's components, dereferenced. */
export function componentSchema(doc: 'openapi.json' | 'asyncapi.json', name: string): JsonObject {
  return deref({ $ref: `${doc}#/components/schemas/${name}` }) as JsonObject;
}

/** A validator's schema by name (e.g. `rest_sendMessage_body`), dereferenced. */
export function namedSchema(name: string): JsonObject {
  const raw = current.schemas[name];
  if (raw === undefined) throw new Error(`the spec has no schema ${name}`);
  return deref(raw) as JsonObject;
}

// ---------------------------------------------------------------------------------------
// REST operations

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonObject;
}

export interface Operation {
  id: string;
  method: HttpMethod;
  path: string;
  summary: string;
  /** Response statuses the spec declares, ascending. */
  statuses: number[];
  /** Media types declared per status (empty for a response without a body). */
  responseTypes: Record<number, string[]>;
  requestBodyTypes: string[];
  /** The first example of the JSON request body, if the spec gives one. */
  requestExample: Json | undefined;
  parameters: Parameter[];
  /**
   * No bearer token needed: the operation's own `security` offers no `bearerAuth`
   * alternative (`[]`, or e.g. `[{}, {tokenIssuerKey: []}]`).
   */
  isPublic: boolean;
  /** Schemes other than bearerAuth its `security` offers (e.g. `tokenIssuerKey`). */
  otherSchemes: string[];
  /**
   * Where the request names the identity it acts as (a `userId` parameter or the body's
   * `author`), for operations that declare 403: with a token, that identity must be the
   * token's.
   */
  actsAs: { in: 'path' | 'query' | 'body'; name: string } | undefined;
  /**
   * The operation's `x-access` rule, when the spec declares one: which conversation the
   * caller must be in (`participantOf`, e.g. `path.convoSid`) and which participant list
   * must include it (`includesCaller`, e.g. `body.participants`).
   */
  access: { participantOf?: string; includesCaller?: string };
}

function resolveRefObject(node: Json): JsonObject {
  let target = node;
  for (let i = 0; i < 16 && isObject(target) && typeof target.$ref === 'string'; i++) {
    target = pointerGet(current.openapi, target.$ref);
  }
  return isObject(target) ? (target as JsonObject) : {};
}

function loadOperations(): Operation[] {
  const out: Operation[] = [];
  const methods: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];
  for (const [path, rawItem] of Object.entries((current.openapi.paths ?? {}) as JsonObject)) {
    const item = rawItem as JsonObject;
    for (const method of methods) {
      const op = item[method];
      if (!isObject(op)) continue;
      const responses = (op.responses ?? {}) as JsonObject;
      const responseTypes: Record<number, string[]> = {};
      for (const [status, response] of Object.entries(responses)) {
        if (!/^\d{3}$/.test(status)) continue;
        const content = resolveRefObject(response).content;
        responseTypes[Number(status)] = isObject(content) ? Object.keys(content) : [];
      }
      const body = op.requestBody ? resolveRefObject(op.requestBody as Json) : undefined;
      const jsonBody = isObject(body?.content)
        ? (body.content as JsonObject)['application/json']
        : undefined;
      const examples =
        isObject(jsonBody) && isObject(jsonBody.examples) ? Object.values(jsonBody.examples) : [];
      const firstExample = examples.map(resolveRefObject).find((e) => e.value !== undefined);
      const params = [
        ...((item.parameters as Json[] | undefined) ?? []),
        ...((op.parameters as Json[] | undefined) ?? []),
      ].map(resolveRefObject);
      out.push({
        id: String(op.operationId),
        method,
        path,
        summary: typeof op.summary === 'string' ? op.summary : '',
        statuses: Object.keys(responseTypes)
          .map(Number)
          .sort((a, b) => a - b),
        responseTypes,
        requestBodyTypes: isObject(body?.content) ? Object.keys(body.content as JsonObject) : [],
        requestExample: firstExample?.value ?? (isObject(jsonBody) ? jsonBody.example : undefined),
        parameters: params.map((p) => ({
          name: String(p.name),
          in: p.in as Parameter['in'],
          required: p.required === true,
          schema: deref((p.schema ?? {}) as Json) as JsonObject,
        })),
        isPublic:
          Array.isArray(op.security) &&
          !op.security.some((requirement) => isObject(requirement) && 'bearerAuth' in requirement),
        otherSchemes: Array.isArray(op.security)
          ? [
              ...new Set(
                op.security.flatMap((requirement) =>
                  isObject(requirement) ? Object.keys(requirement) : [],
                ),
              ),
            ].filter((scheme) => scheme !== 'bearerAuth')
          : [],
        actsAs: actingIdentity(params, responseTypes, body),
        access: accessRule(op['x-access']),
      });
    }
  }
  return out;
}

function accessRule(raw: Json | undefined): Operation['access'] {
  if (!isObject(raw)) return {};
  const rule: Operation['access'] = {};
  if (typeof raw.participantOf === 'string') rule.participantOf = raw.participantOf;
  if (typeof raw.includesCaller === 'string') rule.includesCaller = raw.includesCaller;
  return rule;
}

/**
 * For an operation that declares 403 (acting as another identity than the token's): the
 * `userId` parameter, or the request body's `author` property, naming that identity.
 */
function actingIdentity(
  params: JsonObject[],
  responseTypes: Record<number, string[]>,
  body: JsonObject | undefined,
): Operation['actsAs'] {
  if (!(403 in responseTypes)) return undefined;
  const param = params.find((p) => p.name === 'userId' && (p.in === 'path' || p.in === 'query'));
  if (param) return { in: param.in as 'path' | 'query', name: 'userId' };
  const content = isObject(body?.content) ? (body.content as JsonObject) : {};
  for (const media of Object.values(content)) {
    const schema = isObject(media) ? deref((media as JsonObject).schema ?? null) : null;
    if (isObject(schema) && isObject(schema.properties) && 'author' in schema.properties) {
      return { in: 'body', name: 'author' };
    }
  }
  return undefined;
}

/** The operations of the current contract (a live binding: installContract replaces it). */
export let operations: readonly Operation[] = loadOperations();

export function operation(id: string): Operation {
  const op = operations.find((o) => o.id === id);
  if (!op) throw new Error(`the spec has no operation ${id}`);
  return op;
}

/**
 * Validator for a response body (generated/validators.js, which `npm run generate:check`
 * keeps in step with openapi.json: every declared JSON response has one).
 */
export function responseValidator(opId: string, status: number): ValidateFunction | undefined {
  return current.rest[opId]?.responses[status];
}

export function requestValidator(
  opId: string,
  part: 'path' | 'query' | 'body',
): ValidateFunction | undefined {
  return current.rest[opId]?.[part];
}

// ---------------------------------------------------------------------------------------
// Socket.IO events

/** The events of the current contract (live bindings, like `operations`). */
export let clientEvents: readonly ClientEventName[] = current.clientEvents;
export let serverEvents: readonly ServerEventName[] = current.serverEvents;

export function isServerEvent(name: string): name is ServerEventName {
  return (serverEvents as readonly string[]).includes(name);
}

/** Who receives a server event (`x-audience`). */
export function audienceOf(event: ServerEventName): Audience {
  return current.audience[event] as Audience;
}

/** What a client event may cause and to whom (`x-emits`). */
export function emitsOf(
  event: ClientEventName,
): ReadonlyArray<{ event: ServerEventName; to: Audience }> {
  return current.emits[event] ?? [];
}

export function payloadValidator(event: string): ValidateFunction | undefined {
  return current.socket[event];
}

// ---------------------------------------------------------------------------------------
// Coverage

/** What a run touched, compared with what the spec declares. */
export class CoverageRecorder {
  private readonly statuses = new Map<string, Set<number>>();
  private readonly emitted = new Set<string>();
  private readonly received = new Set<string>();

  response(opId: string, status: number): void {
    const set = this.statuses.get(opId) ?? new Set<number>();
    set.add(status);
    this.statuses.set(opId, set);
  }

  emit(event: string): void {
    this.emitted.add(event);
  }

  receive(event: string): void {
    this.received.add(event);
  }

  /**
   * Declared vs exercised. With `selection` (--only/--grep), only what the selected checks
   * aim at, or happened to exercise, is counted: what was not selected is not "missing".
   */
  report(selection?: { names: Set<string>; groups: Set<string> | undefined }): Coverage {
    const keep = (name: string, group: string, exercised: boolean) =>
      !selection || exercised || selection.names.has(name) || selection.groups?.has(group) === true;
    return {
      operations: operations
        .map((op) => ({
          operationId: op.id,
          method: op.method.toUpperCase(),
          path: op.path,
          declaredStatuses: op.statuses,
          seenStatuses: [...(this.statuses.get(op.id) ?? [])].sort((a, b) => a - b),
        }))
        .filter((o) => keep(o.operationId, 'rest', o.seenStatuses.length > 0)),
      clientEvents: clientEvents
        .map((name) => ({ name, exercised: this.emitted.has(name) }))
        .filter((e) => keep(e.name, 'socket', e.exercised)),
      serverEvents: serverEvents
        .map((name) => ({ name, exercised: this.received.has(name) }))
        .filter((e) => keep(e.name, 'socket', e.exercised)),
    };
  }
}

/** The first example payload asyncapi.yaml gives for an event, if any. */
export function eventExample(event: string): Json | undefined {
  const messages = (current.asyncapi.components as JsonObject | undefined)?.messages;
  const message = isObject(messages) ? (messages as JsonObject)[event] : undefined;
  const examples = isObject(message) ? (message as JsonObject).examples : undefined;
  const first = Array.isArray(examples) ? examples[0] : undefined;
  return isObject(first) ? structuredClone((first as JsonObject).payload) : undefined;
}

/**
 * Judges every later run against `next` (default: the built-in contract). Call it before
 * building the checks: they are derived from the operations and events it declares.
 */
export function installContract(next: Contract = builtInContract): void {
  current = next;
  operations = loadOperations();
  clientEvents = next.clientEvents;
  serverEvents = next.serverEvents;
}
