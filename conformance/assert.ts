// Judges one HTTP response against the spec: the status is declared for the operation, the
// content type is the declared one, the body matches the schema for that status (with the
// JSON path of the first mismatch), and error envelopes repeat the HTTP status.
import type { operations } from '../generated/rest.ts';
import { describeRequest, describeResponse, type HttpExchange } from './http.ts';
import { firstMismatch, isObject, operation, responseValidator } from './spec.ts';
import type { Violation } from './types.ts';

export type OperationId = keyof operations;
type ResponsesOf<O extends OperationId> = operations[O]['responses'];
export type StatusOf<O extends OperationId> = keyof ResponsesOf<O> & number;
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The body type the spec declares for operation `O` answering `S`. */
export type BodyOf<O extends OperationId, S extends StatusOf<O>> = JsonContent<ResponsesOf<O>[S]>;

function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function typeMatches(declared: string, actual: string): boolean {
  if (declared === '*/*') return true;
  if (declared.endsWith('/*')) return actual.startsWith(declared.slice(0, -1));
  return declared.toLowerCase() === actual;
}

/**
 * Everything the spec says about this response regardless of what the check expected.
 * Empty when it conforms.
 */
export function responseViolations(ex: HttpExchange, opId: string): Violation[] {
  const op = operation(opId);
  const request = describeRequest(ex);
  const response = describeResponse(ex);
  const declared = op.responseTypes[ex.status];
  const subject = opId;
  const reproduce = ex.curl;
  if (declared === undefined) {
    // A 5xx is the no-5xx oracle's finding (oracles.ts), whatever the spec declares.
    if (ex.status >= 500) return [];
    const success = op.statuses.filter((s) => s >= 200 && s < 300);
    const wrongSuccess = ex.status >= 200 && ex.status < 300 && success.length > 0;
    return [
      {
        rule: `${opId} answers only with the statuses openapi.yaml declares`,
        expected: `one of ${op.statuses.join(', ')}`,
        actual: String(ex.status),
        request,
        response,
        subject,
        reproduce,
        ...(wrongSuccess ? wrongSuccessCause(ex.method, success, ex.status) : {}),
      },
    ];
  }
  if (declared.length === 0) return [];
  const actualType = mediaType(ex.contentType);
  if (!declared.some((d) => typeMatches(d, actualType))) {
    return [
      {
        rule: `${opId} ${ex.status} has the declared content type`,
        expected: declared.join(' or '),
        actual: ex.contentType ?? '<no Content-Type>',
        request,
        response,
        subject,
        reproduce,
        key: `content-type:${opId}:${ex.status}:${mediaType(ex.contentType)}`,
      },
    ];
  }
  if (!declared.includes('application/json')) return [];
  if (ex.json === undefined) {
    return [
      {
        rule: `${opId} ${ex.status} body is JSON`,
        expected: 'a JSON document',
        actual: ex.text === '' ? 'an empty body' : 'text that does not parse as JSON',
        request,
        response,
        subject,
        reproduce,
      },
    ];
  }
  const validate = responseValidator(opId, ex.status);
  const mismatch = validate ? firstMismatch(validate, ex.json) : null;
  if (mismatch) {
    return [
      {
        rule: `${opId} ${ex.status} body matches its schema in openapi.yaml`,
        expected: `${mismatch.path} to conform`,
        actual: `${mismatch.path} ${mismatch.message}`,
        path: mismatch.path,
        request,
        response,
        subject,
        reproduce,
        key: `schema:${opId}:${ex.status}:${mismatch.path.replace(/\[\d+\]/g, '[*]')}:${mismatch.message}`,
      },
    ];
  }
  if (ex.status >= 400 && isObject(ex.json) && ex.json.status !== ex.status) {
    return [
      {
        rule: 'the error envelope repeats the HTTP status in `status`',
        expected: `status: ${ex.status}`,
        actual: `status: ${JSON.stringify(ex.json.status)}`,
        path: '$.status',
        request,
        response,
        subject,
        reproduce,
        key: `envelope-status:${ex.status}:${JSON.stringify(ex.json.status)}`,
        title: `error envelopes do not repeat the HTTP status ${ex.status} in \`status\``,
      },
    ];
  }
  return [];
}

/**
 * One root cause for "a success status other than the declared one", whatever the
 * operation: e.g. a framework that answers every POST with 201.
 */
function wrongSuccessCause(method: string, declared: number[], actual: number) {
  const want = declared.join('/');
  return {
    key: `status:${method}:${want}->${actual}`,
    title: `${method} operations answer ${actual} where the spec declares ${want}`,
  };
}

/** The root cause of a 5xx: the server failed on this operation. */
export function serverErrorCause(opId: string, status: number) {
  return {
    key: `5xx:${opId}:${status}`,
    title: `${opId} fails with HTTP ${status}`,
  };
}

/** A violation for "this response should have had one of these statuses". */
export function statusViolation(ex: HttpExchange, expected: number[], rule: string): Violation {
  const success = (s: number) => s >= 200 && s < 300;
  const opId = ex.operationId;
  const cause =
    ex.status >= 500 && opId
      ? serverErrorCause(opId, ex.status)
      : success(ex.status) && expected.some(success)
        ? wrongSuccessCause(ex.method, expected.filter(success), ex.status)
        : { key: `status:${opId ?? ex.method}:${expected.join('/')}->${ex.status}` };
  return {
    rule,
    expected: `HTTP ${expected.join(' or ')}`,
    actual: `HTTP ${ex.status}`,
    request: describeRequest(ex),
    response: describeResponse(ex),
    reproduce: ex.curl,
    ...(opId ? { subject: opId } : {}),
    ...cause,
  };
}
