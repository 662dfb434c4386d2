// Reads the REST contract out of the bundled OpenAPI document: one entry per operation
// with what the router, the handler types and the validators need.
import { followRef, isObject, type Json, type JsonObject } from '../spec/json.ts';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type Method = (typeof METHODS)[number];

export interface RestOperation {
  operationId: string;
  method: Method;
  /** OpenAPI path template, e.g. `/api/conversations/{convoSid}/messages`. */
  path: string;
  summary?: string;
  description?: string;
  /** Path and query parameters (path-item and operation level), refs followed. */
  parameters: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: Json }>;
  /** Whether the operation's security (or the document's) offers bearerAuth. */
  bearerAuth: boolean;
  /** Request body media type, or null for an operation without a body. */
  body: {
    contentType: 'application/json' | 'multipart/form-data';
    schema: Json;
    binaryFields: string[];
    /** Multipart only: how many files the body takes (maxItems / maxProperties). */
    maxFiles: number;
  } | null;
  /** Declared response statuses (numeric, ascending) with their media type. */
  responses: Array<{ status: number; contentType: string | null; schema: Json | null }>;
}

export class RestModelError extends Error {}

/** An array-of-files field's maxItems, else the object's maxProperties, else one per field. */
function maxFiles(doc: JsonObject, body: Json | undefined, fields: string[]): number {
  if (!isObject(body) || fields.length === 0) return 0;
  const props = isObject(body.properties) ? body.properties : {};
  for (const field of fields) {
    const schema = followRef(doc, props[field]);
    if (isObject(schema) && schema.type === 'array' && typeof schema.maxItems === 'number') {
      return schema.maxItems;
    }
  }
  return typeof body.maxProperties === 'number' ? body.maxProperties : fields.length;
}

function isBinary(doc: JsonObject, schema: Json | undefined): boolean {
  const s = followRef(doc, schema);
  if (!isObject(s)) return false;
  if (s.format === 'binary') return true;
  return s.type === 'array' && isBinary(doc, s.items);
}

export function readRestModel(openapi: JsonObject): RestOperation[] {
  const paths = openapi.paths;
  if (!isObject(paths)) throw new RestModelError('openapi: no paths');
  const operations: RestOperation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = followRef(openapi, rawItem);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      if (typeof op.operationId !== 'string') {
        throw new RestModelError(`${method.toUpperCase()} ${path} has no operationId`);
      }
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]
        .map((p) => followRef(openapi, p))
        .filter(isObject);
      const parameters: RestOperation['parameters'] = params.flatMap((p) =>
        (p.in === 'path' || p.in === 'query') && typeof p.name === 'string'
          ? [{ name: p.name, in: p.in, required: p.required === true, schema: p.schema ?? {} }]
          : [],
      );
      const security = Array.isArray(op.security) ? op.security : openapi.security;
      const bearerAuth =
        Array.isArray(security) && security.some((r) => isObject(r) && 'bearerAuth' in r);

      let body: RestOperation['body'] = null;
      const requestBody = followRef(openapi, op.requestBody);
      if (isObject(requestBody) && isObject(requestBody.content)) {
        const [contentType] = Object.keys(requestBody.content);
        if (contentType !== 'application/json' && contentType !== 'multipart/form-data') {
          throw new RestModelError(`${op.operationId}: unsupported request type ${contentType}`);
        }
        const media = requestBody.content[contentType];
        const schema = isObject(media) ? (media.schema ?? {}) : {};
        const resolved = followRef(openapi, schema);
        const props =
          isObject(resolved) && isObject(resolved.properties) ? resolved.properties : {};
        const binaryFields = Object.entries(props)
          .filter(([, value]) => isBinary(openapi, value))
          .map(([key]) => key);
        body = {
          contentType,
          schema,
          binaryFields,
          maxFiles: maxFiles(openapi, resolved, binaryFields),
        };
      }

      const responses: RestOperation['responses'] = [];
      for (const [code, rawResponse] of Object.entries(
        isObject(op.responses) ? op.responses : {},
      )) {
        const status = Number(code);
        if (!Number.isInteger(status))
          throw new RestModelError(`${op.operationId}: response ${code} must be numeric`);
        const response = followRef(openapi, rawResponse);
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
        parameters,
        bearerAuth,
        body,
        responses,
      });
    }
  }
  return operations;
}
