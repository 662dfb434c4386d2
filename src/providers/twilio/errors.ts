// Twilio failures → the API's errors (src/errors.ts). The mapping, in one place:
//   404 / 20404                      → NotFoundError (the spec's 404)
//   50433 participant exists         → success (handled where participants are added)
//   50416 / 50409 / 50414 / 50408    → ConflictError 409 (the spec: a number Twilio rejects)
//   429 or 5xx after retries         → UpstreamError 502
//   401 / 403 / other 4xx            → UpstreamError 502 (Twilio refused the server's call;
//                                      nothing the client can fix, details only in logs)
//   timeout / unreachable            → UpstreamError 503
// Transport errors are re-thrown as TwilioTransportError without the underlying HTTP
// client's error attached: that error carries the request headers, Basic credentials
// included, and must never reach a logger.

import { ApiError, ConflictError, NotFoundError, UpstreamError } from '../../errors.ts';

/** Twilio could not be reached or did not answer in time. */
export class TwilioTransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'unreachable',
    /** Method and path only: never the query, headers or body. */
    readonly request: string,
    readonly attempts: number,
  ) {
    super(
      kind === 'timeout'
        ? `Twilio did not answer ${request} in time`
        : `Twilio is unreachable (${request})`,
    );
    this.name = 'TwilioTransportError';
  }
}

/** A non-2xx answer from an endpoint the SDK does not cover (the Media Content Service). */
export class TwilioResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioResponseError';
  }
}

export interface TwilioFailure {
  status: number;
  code: number | undefined;
  message: string;
}

/** The status and Twilio error code of an SDK RestException / TwilioServiceException. */
export function twilioFailure(error: unknown): TwilioFailure | null {
  if (!(error instanceof Error) || error instanceof ApiError) return null;
  const { status, code } = error as Error & { status?: unknown; code?: unknown };
  if (typeof status !== 'number') return null;
  return { status, code: typeof code === 'number' ? code : undefined, message: error.message };
}

export function hasTwilioCode(error: unknown, ...codes: number[]): boolean {
  const failure = twilioFailure(error);
  return failure?.code !== undefined && codes.includes(failure.code);
}

export function isTwilioNotFound(error: unknown): boolean {
  const failure = twilioFailure(error);
  return failure !== null && (failure.status === 404 || failure.code === 20404);
}

const SMS_REASONS: Record<number, string> = {
  50416: 'is already bound to this proxy number in an active conversation',
  50409: 'is the proxy number itself',
  50414: 'is not the same kind of address as the proxy number',
  50408: 'cannot be used with the configured proxy number',
};

/**
 * For calls that address no client-named resource (creates, lists, the service itself): a
 * 404 there means the configured service does not exist, a server fault (502), not the
 * client's.
 */
export const SERVICE_LEVEL = null;

/**
 * The API error for a failed Twilio call, or the error itself when it is not Twilio's.
 * `notFound` is the message for a 404 (e.g. `Conversation CH… not found`). The Twilio
 * error rides along as `cause` for the logs: it names the request, status and Twilio code,
 * never credentials (transport errors are already stripped, see the header).
 */
export function toApiError(error: unknown, notFound: string | null, subject?: string): unknown {
  const mapped = mapError(error, notFound, subject);
  if (mapped !== error && mapped instanceof ApiError) {
    Object.defineProperty(mapped, 'cause', { value: error, enumerable: false });
  }
  return mapped;
}

function mapError(error: unknown, notFound: string | null, subject?: string): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof TwilioTransportError) {
    return new UpstreamError(
      503,
      error.kind === 'timeout'
        ? 'Twilio did not answer in time; try again later'
        : 'Twilio is unreachable; try again later',
    );
  }
  const failure = twilioFailure(error);
  if (failure === null) return error;
  if (failure.status === 404 || failure.code === 20404) {
    return notFound === null
      ? new UpstreamError(502, 'Twilio does not know the configured Conversations service')
      : new NotFoundError(notFound);
  }
  if (failure.code !== undefined && failure.code in SMS_REASONS) {
    return new ConflictError(`${subject ?? 'The address'} ${SMS_REASONS[failure.code]}`);
  }
  if (failure.status === 429 || failure.status >= 500) {
    return new UpstreamError(502, `Twilio failed (HTTP ${failure.status}) after retries`);
  }
  return new UpstreamError(
    502,
    `Twilio rejected the request (HTTP ${failure.status}${failure.code ? `, code ${failure.code}` : ''})`,
  );
}

/** Runs a Twilio call and maps its failure; see toApiError. */
export async function mapTwilio<T>(
  work: () => Promise<T>,
  notFound: string | null,
  subject?: string,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error, notFound, subject);
  }
}
