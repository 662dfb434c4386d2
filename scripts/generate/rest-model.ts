// Reads the REST contract out of the bundled OpenAPI document: one entry per operation
// with what the router, the handler types and the validators need.
import type { Json, JsonObject } from '../spec/bundle.ts';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type Method = (typeof METHODS)[number];

export interface RestOperation {
  operationId: string;
  method: Method;
  /** OpenAPI path template, e.g. `/api/conversations/{convoSid}/messages`. */
  path: string;
  summary?: string;
  description?: string;
  pathParams: string[];
  queryParams: string[];
  /** Request body media type, or null for an operation without a body. */
  body: {
    contentType: 'application/json' | 'multipart/form-data';
    schema: Json;
    binaryFields: string[];
  } | null;
  /** Declared response statuses (numeric, ascending) with their media type. */
  responses: Array<{ status: number; contentType: string | null; schema: Json | null }>;
}

export class RestModelError extends Error {}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deref(doc: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  while (isObject(current) && typeof current.$ref === 'string') {
    let target: Json | undefined = doc;
    for (const key of current.$ref.replace(/^#\//, '').split('/')) {
      target = isObject(target) ? target[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (target === undefined) throw new RestModelError(`unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

function isBinary(doc: JsonObject, schema: Json | undefined): boolean {
  const s = deref(doc, schema);
  if (!isObject(s)) return false;
  if (s.format === 'binary') return true;
  return s.type === 'array' && isBinary(doc, s.items);
}

export function readRestModel(openapi: JsonObject): RestOperation[] {
  const paths = openapi.paths;
  if (!isObject(paths)) throw new RestModelError('openapi: no paths');
  const operations: RestOperation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(openapi, rawItem);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      if (typeof op.operationId !== 'string') {
        throw new RestModelError(`${method.toUpperCase()} ${path} has no operationId`);
      }
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]
        .map((p) => deref(openapi, p))
        .filter(isObject);
      const named = (where: string) =>
        params
          .filter((p) => p.in === where && typeof p.name === 'string')
          .map((p) => String(p.name));

      let body: RestOperation['body'] = null;
      const requestBody = deref(openapi, op.requestBody);
      if (isObject(requestBody) && isObject(requestBody.content)) {
        const [contentType] = Object.keys(requestBody.content);
        if (contentType !== 'application/json' && contentType !== 'multipart/form-data') {
          throw new RestModelError(`${op.operationId}: unsupported request type ${contentType}`);
        }
        const media = requestBody.content[contentType];
        const schema = isObject(media) ? (media.schema ?? {}) : {};
        const resolved = deref(openapi, schema);
        const props =
          isObject(resolved) && isObject(resolved.properties) ? resolved.properties : {};
        const binaryFields = Object.entries(props)
          .filter(([, value]) => isBinary(openapi, value))
          .map(([key]) => key);
        body = { contentType, schema, binaryFields };
      }

      const responses: RestOperation['responses'] = [];
      for (const [code, rawResponse] of Object.entries(
        isObject(op.responses) ? op.responses : {},
      )) {
        const status = Number(code);
        if (!Number.isInteger(status))
          throw new RestModelError(`${op.operationId}: response ${code} must be numeric`);
        const response = deref(openapi, rawResponse);
        const content = isObject(response) && isObject(response.content) ? response.content : {};
        const [contentType = null] = Object.keys(content);
        const media = contentType ? content[contentType] : undefined;
        responses.push({
          status,
          contentType,
          schema: isObject(media) ? (media.schema ?? null) : null,
        });
      }
      responses.sort((a, b) => a.status - b.status);
      operations.push({
        operationId: op.operationId,
        method,
        path,
        summary: typeof op.summary === 'string' ? op.summary : undefined,
        description: typeof op.description === 'string' ? op.description : undefined,
        pathParams: named('path'),
        queryParams: named('query'),
        body,
        responses,
      });
    }
  }
  return operations;
}
