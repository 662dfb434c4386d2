// Collects the JSON Schema of every REST request part, REST response and socket payload
// (generated/schemas.json) and compiles them ahead of time into standalone ajv validators
// (generated/validators.js + .d.ts), so neither the server nor the conformance runner
// compiles a schema per request or loads YAML at run time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';
import { followRef, type Json, type JsonObject } from '../spec/json.ts';
import { literal } from './naming.ts';
import { RestModelError, type RestOperation } from './rest-model.ts';
import type { SocketEvent } from './socket-model.ts';
import { payloadTypeName } from './socket-types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const OPENAPI_ID = 'openapi.json';
export const ASYNCAPI_ID = 'asyncapi.json';

/** Local refs (`#/components/...`) made absolute against the document they came from. */
export function anchor(node: Json, docId: string): Json {
  if (Array.isArray(node)) return node.map((item) => anchor(item, docId));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${docId}${value}`
        : anchor(value, docId);
  }
  return out;
}

/** What a validator checks: a part of a REST operation or a socket event's payload. */
export type ValidatorTarget =
  | { kind: 'rest'; operationId: string; part: 'path' | 'query' | 'body' }
  | { kind: 'rest'; operationId: string; part: 'response'; status: number }
  | { kind: 'socket'; event: string };

export interface ValidatorEntry {
  /** Export name in validators.js, e.g. `rest_sendMessage_body`. */
  exportName: string;
  target: ValidatorTarget;
  schema: Json;
  /** The TypeScript type the validator narrows to (for validators.d.ts). */
  type: string;
}

function paramsSchema(op: RestOperation, openapi: JsonObject, where: 'path' | 'query'): Json {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const p of op.parameters.filter((param) => param.in === where)) {
    // Parameters arrive as strings: a non-string one would need coercion.
    const type = (followRef(openapi, p.schema) as JsonObject | undefined)?.type;
    if (type !== 'string') {
      throw new RestModelError(
        `${op.operationId}: ${where} parameter ${p.name} must be a string (got ${String(type)})`,
      );
    }
    properties[p.name] = anchor(p.schema, OPENAPI_ID);
    if (p.required) required.push(p.name);
  }
  // No additionalProperties: unknown query parameters are ignored, as the spec says.
  return { type: 'object', properties, required };
}

/** The multipart body schema without its file fields: files are checked as files. */
function withoutFiles(schema: Json, openapi: JsonObject, binaryFields: string[]): Json {
  const resolved = followRef(openapi, schema) as JsonObject;
  const properties = { ...((resolved.properties ?? {}) as JsonObject) };
  for (const field of binaryFields) delete properties[field];
  const required = ((resolved.required ?? []) as string[]).filter((r) => !binaryFields.includes(r));
  const { minProperties: _min, maxProperties: _max, ...rest } = resolved;
  return anchor({ ...rest, properties, required }, OPENAPI_ID);
}

export function collectValidators(
  openapi: JsonObject,
  ops: RestOperation[],
  events: SocketEvent[],
): ValidatorEntry[] {
  const entries: ValidatorEntry[] = [];
  for (const op of ops) {
    const opType = `operations[${literal(op.operationId)}]`;
    if (op.parameters.some((p) => p.in === 'path')) {
      entries.push({
        exportName: `rest_${op.operationId}_path`,
        target: { kind: 'rest', operationId: op.operationId, part: 'path' },
        schema: paramsSchema(op, openapi, 'path'),
        type: `${opType}['parameters']['path']`,
      });
    }
    if (op.parameters.some((p) => p.in === 'query')) {
      entries.push({
        exportName: `rest_${op.operationId}_query`,
        target: { kind: 'rest', operationId: op.operationId, part: 'query' },
        schema: paramsSchema(op, openapi, 'query'),
        type: `NonNullable<${opType}['parameters']['query']>`,
      });
    }
    if (op.body?.contentType === 'application/json') {
      entries.push({
        exportName: `rest_${op.operationId}_body`,
        target: { kind: 'rest', operationId: op.operationId, part: 'body' },
        schema: anchor(op.body.schema, OPENAPI_ID),
        type: `${opType}['requestBody']['content']['application/json']`,
      });
    } else if (op.body?.contentType === 'multipart/form-data') {
      entries.push({
        exportName: `rest_${op.operationId}_body`,
        target: { kind: 'rest', operationId: op.operationId, part: 'body' },
        schema: withoutFiles(op.body.schema, openapi, op.body.binaryFields),
        type: `Omit<${opType}['requestBody']['content']['multipart/form-data'], ${op.body.binaryFields.map(literal).join(' | ') || 'never'}>`,
      });
    }
    for (const response of op.responses) {
      if (response.contentType !== 'application/json' || response.schema === null) continue;
      entries.push({
        exportName: `rest_${op.operationId}_${response.status}`,
        target: {
          kind: 'rest',
          operationId: op.operationId,
          part: 'response',
          status: Number(response.status),
        },
        schema: anchor(response.schema, OPENAPI_ID),
        type: `${opType}['responses'][${response.status}]['content']['application/json']`,
      });
    }
  }
  for (const event of events) {
    if (event.payload === null) continue;
    entries.push({
      exportName: `socket_${event.name}`,
      target: { kind: 'socket', event: event.name },
      schema: anchor(event.payload, ASYNCAPI_ID),
      type: payloadTypeName(event.name),
    });
  }
  return entries;
}

export function emitSchemasJson(entries: ValidatorEntry[]): JsonObject {
  const out: JsonObject = {};
  for (const entry of entries) out[entry.exportName] = entry.schema;
  return out;
}

/**
 * validators.js: one standalone ajv validator per distinct schema (the ~100 error responses
 * share one), every entry exported under its own name, and ajv's run-time helpers (string
 * length, the date-time and uri formats) bundled in, so the module imports nothing: it runs
 * in Node and in a browser bundle alike.
 */
export async function emitValidatorsJs(
  openapi: JsonObject,
  asyncapi: JsonObject,
  entries: ValidatorEntry[],
): Promise<string> {
  const ajv = new Ajv2020({
    code: { source: true, esm: true, lines: false },
    strict: false,
    // Every problem of a request is reported (src/validation-errors.ts caps the list).
    allErrors: true,
    // Validators must be byte-identical run to run.
    schemaId: '$id',
  });
  addFormats.default(ajv);
  ajv.addFormat('binary', true);
  // One base URI for everything, so that `openapi.json#/...` in an entry resolves against
  // the document added here, exactly as it resolves beside generated/schemas.json on disk.
  const base = 'https://chat-contract.invalid/';
  ajv.addSchema({ ...openapi, $id: `${base}${OPENAPI_ID}` } as object);
  ajv.addSchema({ ...asyncapi, $id: `${base}${ASYNCAPI_ID}` } as object);
  const mapping: Record<string, string> = {};
  const compiledAs = new Map<string, string>();
  const aliases: string[] = [];
  for (const entry of entries) {
    const key = JSON.stringify(entry.schema);
    const same = compiledAs.get(key);
    if (same !== undefined) {
      aliases.push(`export const ${entry.exportName} = ${same};`);
      continue;
    }
    compiledAs.set(key, entry.exportName);
    const id = `${base}${entry.exportName}.json`;
    ajv.addSchema({ ...(entry.schema as JsonObject), $id: id } as object);
    mapping[entry.exportName] = id;
  }
  const code = standaloneCode.default(ajv, mapping);
  // ajv's ESM output still require()s its helpers; bundling them in leaves no import at all.
  const bundled = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'js', sourcefile: 'validators.js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    legalComments: 'inline',
    // ajv's output is one line per module anyway; printing it spread out triples its size.
    minifyWhitespace: true,
    minifySyntax: true,
  });
  const [output] = bundled.outputFiles;
  if (!output) throw new Error('esbuild produced no validators.js');
  return `${output.text.trimEnd()}\n${aliases.join('\n')}\n${emitLookup(entries)}`;
}

interface RestGroup {
  /** `path`, `query`, `body`: export name. */
  fixed: [string, string][];
  /** status: export name. */
  responses: [number, string][];
}

/** The validators of each REST operation, in entry order. */
function restGroups(entries: ValidatorEntry[]): Map<string, RestGroup> {
  const groups = new Map<string, RestGroup>();
  for (const { target, exportName } of entries) {
    if (target.kind !== 'rest') continue;
    let group = groups.get(target.operationId);
    if (!group) {
      group = { fixed: [], responses: [] };
      groups.set(target.operationId, group);
    }
    if (target.part === 'response') group.responses.push([target.status, exportName]);
    else group.fixed.push([target.part, exportName]);
  }
  return groups;
}

function socketEntries(entries: ValidatorEntry[]): [string, string][] {
  return entries.flatMap(({ target, exportName }) =>
    target.kind === 'socket' ? [[target.event, exportName] as [string, string]] : [],
  );
}

/** `socketValidators[event]` and `restValidators[operationId]` over the named exports. */
function emitLookup(entries: ValidatorEntry[]): string {
  const socketLines = socketEntries(entries).map(([event, name]) => `  ${event}: ${name},`);
  const restLines = [...restGroups(entries)].map(([op, { fixed, responses }]) => {
    const parts = fixed.map(([part, name]) => `${part}: ${name}`);
    const statuses = responses.map(([status, name]) => `${status}: ${name}`);
    return `  ${op}: { ${[...parts, `responses: { ${statuses.join(', ')} }`].join(', ')} },`;
  });
  return `export const socketValidators = {\n${socketLines.join('\n')}\n};\nexport const restValidators = {\n${restLines.join('\n')}\n};\n`;
}

export function emitValidatorsDts(entries: ValidatorEntry[], events: SocketEvent[]): string {
  const socketImports = events
    .filter((e) => e.payload !== null)
    .map((e) => payloadTypeName(e.name))
    .sort();
  const lines = entries.map(
    (entry) => `export declare const ${entry.exportName}: ValidateFunction<${entry.type}>;`,
  );
  lines.push(
    `export declare const socketValidators: {\n${socketEntries(entries)
      .map(([event, name]) => `  ${event}: typeof ${name};`)
      .join('\n')}\n};`,
  );
  const restLines = [...restGroups(entries)].map(([op, { fixed, responses }]) => {
    return `  ${op}: { ${[
      ...fixed.map(([part, name]) => `${part}: typeof ${name};`),
      `responses: { ${responses.map(([status, name]) => `${status}: typeof ${name};`).join(' ')} };`,
    ].join(' ')} };`;
  });
  lines.push(`export declare const restValidators: {\n${restLines.join('\n')}\n};`);
  return [
    `import type { ValidateFunction } from 'ajv';`,
    `import type { operations } from './rest.ts';`,
    `import type {\n${socketImports.map((name) => `  ${name},`).join('\n')}\n} from './events.ts';`,
    '',
    ...lines,
    '',
  ].join('\n');
}
