// Turns every failure into the spec's `{status, message}` envelope. Known errors keep
// their status and message; anything unexpected is logged with its stack and answered
// with a bare 500, so no stack trace or internal detail ever reaches a client.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import multer from 'multer';
import { ApiError, type ErrorCode, Errors } from '../errors.ts';
import { MAX_FILE_BYTES } from './uploads.ts';

/** Status and message a client may see, or null for an unexpected error. */
export function classify(
  error: unknown,
): { status: number; message: string; code?: ErrorCode } | null {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      message: error.message,
      ...(error.code ? { code: error.code } : {}),
    };
  }
  const code = (error as { code?: unknown; type?: unknown } | null)?.code;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return Errors.malformedJson();
  if (type === 'entity.too.large') return Errors.bodyTooLarge();
  // body-parser: a charset outside `utf-*`, or a coding it cannot undo (`br2`, `identity, foo`).
  if (type === 'charset.unsupported') {
    const charset = (error as { charset?: unknown }).charset;
    return Errors.unsupportedCharset(String(charset).toUpperCase().slice(0, 40));
  }
  if (type === 'encoding.unsupported') {
    const encoding = (error as { encoding?: unknown }).encoding;
    return Errors.unsupportedEncoding(String(encoding).slice(0, 40));
  }
  // A body cut short (a compressed one that does not decompress: readJsonBody).
  if (type === 'request.aborted' || type === 'request.size.invalid') {
    return Errors.unreadableBody();
  }
  // Express's router decoding a path parameter (`/api/media/%zz`).
  if (error instanceof URIError) return Errors.malformedPath();
  if (code === 'LIMIT_FILE_SIZE') {
    return { status: 413, message: `File too large (limit ${MAX_FILE_BYTES / 1024 / 1024} MiB)` };
  }
  if (code === 'LIMIT_FILE_COUNT') {
    // The per-operation maximum comes from the spec (route table); multer enforces it.
    return { status: 400, message: 'Too many files for this operation' };
  }
  if (code === 'LIMIT_UNEXPECTED_FILE') {
    const field = (error as { field?: unknown }).field;
    return { status: 400, message: `Unexpected or repeated file field "${String(field)}"` };
  }
  // The other multipart limits (fields, field names and values, parts): the client's form.
  if (error instanceof multer.MulterError) {
    return {
      status: 400,
      message: error.field ? `${error.field}: ${error.message}` : error.message,
    };
  }
  return null;
}

export const notFound: RequestHandler = (req, res) => {
  const { status, message } = Errors.routeNotFound(req.method, req.path);
  res.status(status).json({ status, message });
};

export const errorEnvelope: ErrorRequestHandler = (error, req, res, _next) => {
  const known = classify(error);
  if (!known || known.status >= 500) {
    req.log?.error({ err: error }, 'request failed');
  }
  const { status, message, code } = known ?? Errors.internal();
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).json({ status, message, ...(code ? { code } : {}) });
};
