// Errors that carry the HTTP status they map to. Providers and handlers throw these;
// the REST error middleware and the socket error path turn them into the spec's error
// envelope / `message_error`. Anything else is an unexpected 500 whose details are only logged.

export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 429 | 500 | 502 | 503;

/** Machine-readable reasons the spec declares for some errors (ErrorResponse `code`). */
export type ErrorCode = 'sms_not_configured';

export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
    readonly code?: ErrorCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, code?: ErrorCode) {
    super(400, message, code);
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message = 'Missing or invalid bearer token') {
    super(401, message);
  }
}

/** A request that acts as another identity than its token's. */
export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, message);
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, message);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, message);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(message: string) {
    super(413, message);
  }
}

/** The body's Content-Type charset or Content-Encoding is not one the operation reads. */
export class UnsupportedMediaTypeError extends ApiError {
  constructor(message: string) {
    super(415, message);
  }
}

/** The client did not finish sending its request in time (a slow upload). */
export class RequestTimeoutError extends ApiError {
  constructor(message: string) {
    super(408, message);
  }
}

/** Over the rate limit: the REST answer carries Retry-After, the socket `rate_limited`. */
export class TooManyRequestsError extends ApiError {
  constructor(message: string) {
    super(429, message);
  }
}

/** The upstream provider (Twilio) failed after retries (502) or is unreachable / timed out (503). */
export class UpstreamError extends ApiError {
  constructor(status: 502 | 503, message: string) {
    super(status, message);
  }
}

/** An entry of the catalogue: makes the error, and says its message and status alone. */
function defineError<A extends unknown[]>(
  Kind: new (message: string) => ApiError,
  message: (...args: A) => string,
) {
  const make = (...args: A) => new Kind(message(...args));
  return Object.assign(make, { message });
}

class InternalError extends ApiError {
  constructor(message: string) {
    super(500, message);
  }
}

/**
 * Every client-visible error more than one module produces, written once with its status
 * (the pattern of Fastify's lib/errors.js): `throw Errors.conversationNotFound(sid)`, or
 * `Errors.conversationNotFound.message(sid)` where only the text is needed.
 */
export const Errors = {
  conversationNotFound: defineError(
    NotFoundError,
    (sid: string) => `Conversation ${sid} not found`,
  ),
  mediaNotFound: defineError(NotFoundError, (sid: string) => `Media ${sid} not found`),
  routeNotFound: defineError(
    NotFoundError,
    (method: string, path: string) => `Route not found: ${method} ${path}`,
  ),
  malformedJson: defineError(BadRequestError, () => 'Malformed JSON body'),
  /** A body cut short, or a compressed one that does not decompress. */
  unreadableBody: defineError(BadRequestError, () => 'Request body incomplete or malformed'),
  bodyTooLarge: defineError(PayloadTooLargeError, () => 'Request body too large'),
  malformedPath: defineError(BadRequestError, () => 'Malformed percent-encoding in the URL path'),
  jsonTooDeep: defineError(
    BadRequestError,
    (max: number) => `JSON body nested deeper than ${max} levels`,
  ),
  unsupportedCharset: defineError(
    UnsupportedMediaTypeError,
    (charset: string) => `Unsupported charset "${charset}": JSON bodies are UTF-8`,
  ),
  unsupportedEncoding: defineError(
    UnsupportedMediaTypeError,
    (encoding: string) =>
      `Unsupported Content-Encoding "${encoding}" (accepted: gzip, deflate, br or none)`,
  ),
  uploadTimeout: defineError(
    RequestTimeoutError,
    (seconds: number) => `Upload not received within ${seconds} s`,
  ),
  encodedMultipart: defineError(
    UnsupportedMediaTypeError,
    (encoding: string) =>
      `Unsupported Content-Encoding "${encoding}": multipart bodies are sent unencoded`,
  ),
  /** An unexpected failure: the details are logged, never sent. */
  internal: defineError(InternalError, () => 'Internal server error'),
};
