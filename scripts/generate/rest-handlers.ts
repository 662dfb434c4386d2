// Emits generated/rest-handlers.ts: per operation an Input type (typed path, query, body;
// uploaded files for multipart) and a Result union of exactly the declared statuses and
// bodies, the RestHandlers interface (one method per operationId), and the route table
// the server mounts them from.
import { jsdoc, literal, pascal } from './naming.ts';
import type { RestOperation } from './rest-model.ts';

/** `/a/{b}/c` -> `/a/:b/c` (Express 5 / path-to-regexp syntax). */
export function expressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

function bodyType(op: RestOperation, status: number, contentType: string | null): string {
  if (contentType === null) return 'undefined';
  if (contentType === 'application/json') {
    return `operations[${literal(op.operationId)}]['responses'][${status}]['content']['application/json']`;
  }
  return 'BinaryBody';
}

export function emitRestHandlers(ops: RestOperation[]): string {
  const out: string[] = [];
  out.push(`import type { operations } from './rest.ts';\n`);
  out.push(
    `${jsdoc(['A file received in a multipart request.'])}export interface UploadedFile {\n  fieldname: string;\n  originalname: string;\n  mimetype: string;\n  size: number;\n  /** Where the file was received on disk: the handler stores it from there (it is removed once the response is done). */\n  path: string;\n}\n`,
  );
  out.push(
    `${jsdoc(['A non-JSON response body (e.g. media bytes).'])}export interface BinaryBody {\n  contentType: string;\n  data: Uint8Array;\n}\n`,
  );

  for (const op of ops) {
    const name = pascal(op.operationId);
    const opRef = `operations[${literal(op.operationId)}]`;
    const fields: string[] = [];
    const has = (where: 'path' | 'query') => op.parameters.some((p) => p.in === where);
    if (has('path')) fields.push(`  path: ${opRef}['parameters']['path'];`);
    if (has('query')) fields.push(`  query: NonNullable<${opRef}['parameters']['query']>;`);
    if (op.body?.contentType === 'application/json') {
      fields.push(`  body: ${opRef}['requestBody']['content']['application/json'];`);
    } else if (op.body?.contentType === 'multipart/form-data') {
      const omitted = op.body.binaryFields.map(literal).join(' | ') || 'never';
      fields.push(
        `  body: Omit<${opRef}['requestBody']['content']['multipart/form-data'], ${omitted}>;`,
        '  files: UploadedFile[];',
      );
    }
    const doc = jsdoc([`${op.method.toUpperCase()} ${op.path}`, op.summary]);
    out.push(`${doc}export interface ${name}Input {\n${fields.join('\n')}\n}\n`);
    const results = op.responses.map(
      (r) => `  | { status: ${r.status}; body: ${bodyType(op, r.status, r.contentType)} }`,
    );
    out.push(`export type ${name}Result =\n${results.join('\n')};\n`);
  }

  const methods = ops.map(
    (op) =>
      `${jsdoc([`${op.method.toUpperCase()} ${op.path}`, op.summary], '  ')}  ${op.operationId}(input: ${pascal(op.operationId)}Input, ctx: Ctx): Promise<${pascal(op.operationId)}Result>;`,
  );
  out.push(
    `${jsdoc([
      'One handler per operationId. Inputs arrive validated against the spec; results are',
      'typed to the statuses and bodies the spec declares for that operation.',
    ])}export interface RestHandlers<Ctx = unknown> {\n${methods.join('\n')}\n}\n`,
  );
  out.push(`export type OperationId = keyof RestHandlers;\n`);

  const routes = ops.map((op) => {
    const ok = op.responses.find((r) => r.status >= 200 && r.status < 300);
    return `  { operationId: ${literal(op.operationId)}, method: ${literal(op.method)}, path: ${literal(op.path)}, expressPath: ${literal(expressPath(op.path))}, requestBody: ${op.body ? literal(op.body.contentType) : 'null'}, fileFields: [${(op.body?.binaryFields ?? []).map(literal).join(', ')}], maxFiles: ${op.body?.maxFiles ?? 0}, bearerAuth: ${op.bearerAuth}, successContentType: ${ok?.contentType ? literal(ok.contentType) : 'null'} },`;
  });
  out.push(
    `${jsdoc(['Every operation of the spec, in document order: what a router needs to mount the handlers.'])}export const restRoutes = [\n${routes.join('\n')}\n] as const satisfies ReadonlyArray<{ operationId: OperationId; method: 'get' | 'put' | 'post' | 'delete' | 'patch'; path: string; expressPath: string; requestBody: 'application/json' | 'multipart/form-data' | null; fileFields: readonly string[]; maxFiles: number; bearerAuth: boolean; successContentType: string | null }>;\n`,
  );
  return out.join('\n');
}
