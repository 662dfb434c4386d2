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

export interface ValidatorEntry {
  /** Export name in validators.js, e.g. `rest_sendMessage_body`. */
  exportName: string;
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
        schema: paramsSchema(op, openapi, 'path'),
        type: `${opType}['parameters']['path']`,
      });
    }
    if (op.parameters.some((p) => p.in === 'query')) {
      entries.push({
        exportName: `rest_${op.operationId}_query`,
        schema: paramsSchema(op, openapi, 'query'),
        type: `NonNullable<${opType}['parameters']['query']>`,
      });
    }
    if (op.body?.contentType === 'application/json') {
      entries.push({
        exportName: `rest_${op.operationId}_body`,
        schema: anchor(op.body.schema, OPENAPI_ID),
        type: `${opType}['requestBody']['content']['application/json']`,
      });
    } else if (op.body?.contentType === 'multipart/form-data') {
      entries.push({
        exportName: `rest_${op.operationId}_body`,
        schema: withoutFiles(op.body.schema, openapi, op.body.binaryFields),
        type: `Omit<${opType}['requestBody']['content']['multipart/form-data'], ${op.body.binaryFields.map(literal).join(' | ') || 'never'}>`,
      });
    }
    for (const response of op.responses) {
      if (response.contentType !== 'application/json' || response.schema === null) continue;
      entries.push({
        exportName: `rest_${op.operationId}_${response.status}`,
        schema: anchor(response.schema, OPENAPI_ID),
        type: `${opType}['responses'][${response.status}]['content']['application/json']`,
      });
    }
  }
  for (const event of events) {
    if (event.payload === null) continue;
    entries.push({
      exportName: `socket_${event.name}`,
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
    allErrors: false,
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

/** `socketValidators[event]` and `restValidators[operationId]` over the named exports. */
function emitLookup(entries: ValidatorEntry[]): string {
  const socket = entries.filter((e) => e.exportName.startsWith('socket_'));
  const rest = new Map<string, string[]>();
  for (const entry of entries) {
    const match = /^rest_([A-Za-z0-9]+)_(path|query|body|\d+)$/.exec(entry.exportName);
    if (!match) continue;
    const [, operationId = '', part = ''] = match;
    const parts = rest.get(operationId) ?? [];
    parts.push(`${part}: ${entry.exportName}`);
    rest.set(operationId, parts);
  }
  const socketLines = socket.map(
    (e) => `  ${e.exportName.slice('socket_'.length)}: ${e.exportName},`,
  );
  const restLines = [...rest.entries()].map(([op, parts]) => {
    const fixed = parts.filter((p) => !/^\d/.test(p));
    const responses = parts.filter((p) => /^\d/.test(p));
    return `  ${op}: { ${[...fixed, `responses: { ${responses.join(', ')} }`].join(', ')} },`;
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
  const socket = entries.filter((e) => e.exportName.startsWith('socket_'));
  lines.push(
    `export declare const socketValidators: {\n${socket
      .map((e) => `  ${e.exportName.slice('socket_'.length)}: typeof ${e.exportName};`)
      .join('\n')}\n};`,
  );
  const rest = new Map<string, ValidatorEntry[]>();
  for (const entry of entries) {
    const op = /^rest_([A-Za-z0-9]+)_/.exec(entry.exportName)?.[1];
    if (op) rest.set(op, [...(rest.get(op) ?? []), entry]);
  }
  const restLines = [...rest.entries()].map(([op, list]) => {
    const part = (e: ValidatorEntry) => e.exportName.slice(`rest_${op}_`.length);
    const fixed = list.filter((e) => !/^\d+$/.test(part(e)));
    const responses = list.filter((e) => /^\d+$/.test(part(e)));
    return `  ${op}: { ${[
      ...fixed.map((e) => `${part(e)}: typeof ${e.exportName};`),
      `responses: { ${responses.map((e) => `${part(e)}: typeof ${e.exportName};`).join(' ')} };`,
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
