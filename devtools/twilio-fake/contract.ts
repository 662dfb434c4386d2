// The fake's contract check: every request the fake receives and every response it sends
// is validated against Twilio's own OpenAPI description of Conversations v1
// (vendored in vendor/twilio/, MIT; see its README for origin and version). One validator is compiled per
// path + method on first use and cached.
//
// Twilio's description is permissive (no `required`, open objects), which would let a
// fake that invents or forgets fields pass. So it is tightened once, mechanically:
// - response objects must carry every documented property (Twilio always sends them all,
//   null when empty; the description's own examples pass this, see contract.test.ts) and
//   nothing else;
// - request bodies and query strings may only use documented parameters (Twilio silently
//   drops unknown ones, which is how the original server lost media URLs);
// - OpenAPI 3.0 `nullable` becomes a JSON Schema null type.
// Two shapes are not in the description and are written here by hand from Twilio's docs:
// the error body `{code, message, more_info, status}` and the Media Content Service resource.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The vendored copy: the repository carries the contract it checks against. */
export const TWILIO_OPENAPI_PATH = fileURLToPath(
  new URL('../../vendor/twilio/twilio_conversations_v1.json', import.meta.url),
);
const DOC_ID = 'twilio_conversations_v1.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type HttpMethod = 'get' | 'post' | 'delete';

/** One operation of the description (or of the hand-written MCS surface). */
export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The path template, e.g. `/v1/Services/{ChatServiceSid}/Conversations/{Sid}`. */
  template: string;
  /** Path parameter values by name. */
  params: Record<string, string>;
}

export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Form body (repeated keys as arrays); null when the operation takes raw bytes. */
  body: Record<string, string | string[]> | null;
}

interface PathEntry {
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
  methods: Map<HttpMethod, JsonObject>;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenAPI 3.0 → JSON Schema, tightening objects as described in the header. */
function convert(node: Json, mode: 'response' | 'request'): Json {
  if (Array.isArray(node)) return node.map((item) => convert(item, mode));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    // Documentation-only keywords; `example(s)` would also trip ajv's strict mode.
    if (['description', 'example', 'examples', 'x-twilio', 'title'].includes(key)) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.startsWith('#/') ? `${DOC_ID}${value}` : value;
      continue;
    }
    if (key === 'format' && value === 'uri-map') {
      // Twilio's `links`: an object of URLs.
      out.additionalProperties = { type: 'string', format: 'uri' };
      continue;
    }
    if (key === 'nullable') continue;
    out[key] = convert(value, mode);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (typeof out.$ref === 'string') return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  if (isObject(out.properties) && out.additionalProperties === undefined) {
    out.additionalProperties = false;
    if (mode === 'response' && out.required === undefined) {
      out.required = Object.keys(out.properties);
    }
  }
  return out;
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'more_info', 'status'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer' },
    message: { type: 'string', minLength: 1 },
    more_info: { type: 'string', format: 'uri' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
  },
};

const nullable = (schema: JsonObject): JsonObject => ({ anyOf: [schema, { type: 'null' }] });
const SID = (prefix: string): JsonObject => ({
  type: 'string',
  pattern: `^${prefix}[0-9a-fA-F]{32}$`,
});

/** The Media Content Service resource (Twilio's "Conversations Media Resource" page). */
export const MCS_MEDIA_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'sid',
    'account_sid',
    'service_sid',
    'date_created',
    'date_updated',
    'channel_sid',
    'message_sid',
    'size',
    'content_type',
    'filename',
    'author',
    'category',
    'url',
    'links',
  ],
  properties: {
    sid: SID('ME'),
    account_sid: SID('AC'),
    service_sid: SID('IS'),
    date_created: { type: 'string', format: 'date-time' },
    date_updated: nullable({ type: 'string', format: 'date-time' }),
    channel_sid: nullable(SID('CH')),
    message_sid: nullable(SID('IM')),
    size: { type: 'integer', minimum: 0 },
    content_type: { type: 'string', minLength: 1 },
    filename: nullable({ type: 'string' }),
    author: nullable({ type: 'string' }),
    category: { type: 'string', enum: ['media', 'body', 'history'] },
    url: { type: 'string', format: 'uri' },
    links: {
      type: 'object',
      additionalProperties: false,
      required: ['content', 'content_direct_temporary'],
      properties: {
        content: { type: 'string' },
        content_direct_temporary: { type: 'string', format: 'uri' },
      },
    },
  },
};

/** The MCS routes the fake serves: not part of Twilio's description, hand-written. */
const MCS_OPERATIONS: Array<{ operationId: string; method: HttpMethod; template: string }> = [
  { operationId: 'CreateMedia', method: 'post', template: '/v1/Services/{ServiceSid}/Media' },
  { operationId: 'FetchMedia', method: 'get', template: '/v1/Services/{ServiceSid}/Media/{Sid}' },
];

function templateRegex(template: string): { regex: RegExp; names: string[]; literals: number } {
  const names: string[] = [];
  let literals = 0;
  const source = template
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)\}$/.exec(segment);
      if (match?.[1]) {
        names.push(match[1]);
        return '([^/]+)';
      }
      if (segment !== '') literals++;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names, literals };
}

export interface Violation {
  operationId: string;
  where: 'request' | 'response';
  status?: number;
  errors: string[];
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}

export class TwilioContract {
  private readonly doc: JsonObject;
  private readonly paths: PathEntry[] = [];
  private readonly requestAjv: Ajv;
  private readonly responseAjv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(file = TWILIO_OPENAPI_PATH) {
    this.doc = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
    const components = isObject(this.doc.components) ? this.doc.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    // The components as one schema document the per-operation schemas point into.
    const convertedComponents: JsonObject = {
      $id: DOC_ID,
      components: { schemas: convert(schemas, 'response') },
    };
    // Requests are form-encoded strings: coerce "50" / "true" to the declared types, and a
    // single value to an array where the description wants one (repeated keys).
    this.requestAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: 'array' });
    this.responseAjv = new Ajv({ allErrors: true, strict: false });
    for (const ajv of [this.requestAjv, this.responseAjv]) {
      addFormats.default(ajv);
      ajv.addSchema(convertedComponents);
    }

    const paths = isObject(this.doc.paths) ? this.doc.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const methods = new Map<HttpMethod, JsonObject>();
      for (const method of ['get', 'post', 'delete'] as const) {
        const op = item[method];
        if (isObject(op)) methods.set(method, op);
      }
      this.paths.push({ template, ...templateRegex(template), methods });
    }
    for (const mcs of MCS_OPERATIONS) {
      const entry = { template: mcs.template, ...templateRegex(mcs.template) };
      const methods = new Map<HttpMethod, JsonObject>([
        [mcs.method, { operationId: mcs.operationId, 'x-mcs': true }],
      ]);
      this.paths.push({ ...entry, methods });
    }
    // Most literal segments first, so `/Configuration/Webhooks` beats `/{Sid}`-style matches.
    this.paths.sort((a, b) => b.literals - a.literals);
  }

  /** The operation a request addresses, or null (no such path, or method not allowed). */
  match(method: string, pathname: string): Operation | null {
    const lower = method.toLowerCase() as HttpMethod;
    for (const entry of this.paths) {
      const found = entry.regex.exec(pathname);
      if (!found) continue;
      const op = entry.methods.get(lower);
      if (!op || typeof op.operationId !== 'string') continue;
      const params: Record<string, string> = {};
      entry.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? '');
      });
      return { operationId: op.operationId, method: lower, template: entry.template, params };
    }
    return null;
  }

  /** An operation by its operationId (path parameters left empty). */
  find(operationId: string): Operation | null {
    for (const entry of this.paths) {
      for (const [method, op] of entry.methods) {
        if (op.operationId === operationId) {
          return { operationId, method, template: entry.template, params: {} };
        }
      }
    }
    return null;
  }

  /** Every operation of the description, for coverage reports. */
  operationIds(): string[] {
    return this.paths.flatMap((entry) =>
      [...entry.methods.values()].map((op) => String(op.operationId)),
    );
  }

  private operation(op: Operation): JsonObject {
    const entry = this.paths.find((candidate) => candidate.template === op.template);
    const found = entry?.methods.get(op.method);
    if (!found) throw new Error(`unknown operation ${op.method} ${op.template}`);
    return found;
  }

  private compiled(key: string, ajv: Ajv, build: () => JsonObject): ValidateFunction {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const validate = ajv.compile(build());
    this.cache.set(key, validate);
    return validate;
  }

  private requestSchema(op: Operation): JsonObject {
    const spec = this.operation(op);
    if (spec['x-mcs'] === true) return this.mcsRequestSchema(op);
    const groups: Record<'path' | 'query' | 'header', { props: JsonObject; required: string[] }> = {
      path: { props: {}, required: [] },
      query: { props: {}, required: [] },
      header: { props: {}, required: [] },
    };
    const parameters = Array.isArray(spec.parameters) ? spec.parameters : [];
    for (const parameter of parameters) {
      if (!isObject(parameter)) continue;
      const where = parameter.in as 'path' | 'query' | 'header';
      const name = String(parameter.name);
      const key = where === 'header' ? name.toLowerCase() : name;
      groups[where].props[key] = convert(parameter.schema ?? {}, 'request');
      if (parameter.required === true) groups[where].required.push(key);
    }
    const body = isObject(spec.requestBody) ? spec.requestBody : null;
    const content = body && isObject(body.content) ? body.content : null;
    const form = content?.['application/x-www-form-urlencoded'];
    const bodySchema =
      isObject(form) && isObject(form.schema)
        ? convert(form.schema, 'request')
        : { type: 'object', maxProperties: 0 };
    return {
      type: 'object',
      properties: {
        params: {
          type: 'object',
          properties: groups.path.props,
          required: groups.path.required,
          additionalProperties: false,
        },
        query: {
          type: 'object',
          properties: groups.query.props,
          required: groups.query.required,
          additionalProperties: false,
        },
        // Other headers (auth, user agent, …) are transport, not contract.
        headers: { type: 'object', properties: groups.header.props },
        body: bodySchema,
      },
    };
  }

  private mcsRequestSchema(op: Operation): JsonObject {
    return {
      type: 'object',
      properties: {
        params: {
          type: 'object',
          properties: { ServiceSid: SID('IS'), ...(op.params.Sid ? { Sid: SID('ME') } : {}) },
          additionalProperties: false,
        },
        query: { type: 'object', maxProperties: 0 },
        headers:
          op.method === 'post'
            ? {
                type: 'object',
                required: ['content-type'],
                properties: { 'content-type': { type: 'string', pattern: '^multipart/form-data' } },
              }
            : { type: 'object' },
      },
    };
  }

  /** Errors of a request against the operation's parameters and form body (may coerce `parts`). */
  validateRequest(op: Operation, parts: RequestParts): string[] {
    const validate = this.compiled(`req ${op.method} ${op.template}`, this.requestAjv, () =>
      this.requestSchema(op),
    );
    const data = { ...parts, body: parts.body ?? {} };
    const ok = validate(data);
    if (parts.body !== null) Object.assign(parts.body, data.body);
    Object.assign(parts.query, data.query);
    return ok ? [] : describeErrors(validate.errors);
  }

  private responseSchema(op: Operation, status: number): JsonObject | null {
    if (status >= 400) return ERROR_SCHEMA;
    const spec = this.operation(op);
    if (spec['x-mcs'] === true) return MCS_MEDIA_SCHEMA;
    const responses = isObject(spec.responses) ? spec.responses : {};
    const response = responses[String(status)];
    if (!isObject(response)) return null;
    const content = isObject(response.content) ? response.content : null;
    const json = content?.['application/json'];
    if (!isObject(json) || !isObject(json.schema)) return { not: {} };
    return convert(json.schema, 'response') as JsonObject;
  }

  /** Errors of a response; an undocumented status is itself an error. */
  validateResponse(op: Operation, status: number, body: unknown): string[] {
    const schema = this.responseSchema(op, status);
    if (schema === null) return [`status ${status} is not documented for ${op.operationId}`];
    if (status === 204) return body === undefined ? [] : ['204 must not have a body'];
    const validate = this.compiled(
      `res ${op.method} ${op.template} ${status}`,
      this.responseAjv,
      () => schema,
    );
    return validate(body) ? [] : describeErrors(validate.errors);
  }

  /** The documented examples of an operation's success response (to check the tightening). */
  examples(operationId: string): Array<{ status: number; name: string; value: unknown }> {
    for (const entry of this.paths) {
      for (const op of entry.methods.values()) {
        if (op.operationId !== operationId) continue;
        const responses = isObject(op.responses) ? op.responses : {};
        const found: Array<{ status: number; name: string; value: unknown }> = [];
        for (const [status, response] of Object.entries(responses)) {
          const content = isObject(response) && isObject(response.content) ? response.content : {};
          const json = content['application/json'];
          const examples = isObject(json) && isObject(json.examples) ? json.examples : {};
          for (const [name, example] of Object.entries(examples)) {
            if (isObject(example))
              found.push({ status: Number(status), name, value: example.value });
          }
        }
        return found;
      }
    }
    return [];
  }
}
