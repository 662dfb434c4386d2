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
  if (declared === undefined) {
    return [
      {
        rule: `${opId} answers only with the statuses openapi.yaml declares`,
        expected: `one of ${op.statuses.join(', ')}`,
        actual: String(ex.status),
        request,
        response,
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
      },
    ];
  }
  return [];
}

/** A violation for "this response should have had one of these statuses". */
export function statusViolation(ex: HttpExchange, expected: number[], rule: string): Violation {
  return {
    rule,
    expected: `HTTP ${expected.join(' or ')}`,
    actual: `HTTP ${ex.status}`,
    request: describeRequest(ex),
    response: describeResponse(ex),
  };
}
