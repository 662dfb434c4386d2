// Which JSON Schemas the validators check: every REST request part (path, query, body),
// every JSON response and every socket payload, each anchored to the bundled document it
// came from. Free of build-time tooling, so the conformance runner can collect the same
// entries from another version of the spec and compile them at run time (`--spec`).
import { followRef, type Json, type JsonObject } from '../spec/json.ts';
import { literal, payloadTypeName } from './naming.ts';
import { RestModelError, type RestOperation } from './rest-model.ts';
import type { SocketEvent } from './socket-model.ts';

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
