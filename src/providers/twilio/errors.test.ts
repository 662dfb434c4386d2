// The Twilio error → API error table of errors.ts, entry by entry.

import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UpstreamError } from '../../errors.ts';
import { SERVICE_LEVEL, TwilioResponseError, TwilioTransportError, toApiError } from './errors.ts';

const twilioError = (status: number, code?: number) =>
  new TwilioResponseError(status, code, `Twilio says ${status}`);

describe('toApiError', () => {
  it('maps 404 to the spec 404 with the given message', () => {
    const mapped = toApiError(twilioError(404, 20404), 'Conversation CH1 not found');
    expect(mapped).toBeInstanceOf(NotFoundError);
    expect(mapped).toMatchObject({ status: 404, message: 'Conversation CH1 not found' });
  });

  it('maps a 404 on the service itself to 502: the configuration is wrong, not the request', () => {
    expect(toApiError(twilioError(404, 20404), SERVICE_LEVEL)).toMatchObject({
      status: 502,
      message: 'Twilio does not know the configured Conversations service',
    });
  });

  it.each([50416, 50409, 50414, 50408])('maps SMS address code %i to 409', (code) => {
    const mapped = toApiError(twilioError(400, code), 'x', '+15550001111');
    expect(mapped).toBeInstanceOf(ConflictError);
    expect((mapped as Error).message).toMatch(/^\+15550001111 /);
  });

  it.each([429, 500, 502, 503, 504])('maps HTTP %i (after retries) to 502', (status) => {
    expect(toApiError(twilioError(status), 'x')).toMatchObject({ status: 502 });
  });

  it('maps refused credentials and other rejections to 502 without details for the client', () => {
    const mapped = toApiError(twilioError(401, 20003), 'x') as UpstreamError;
    expect(mapped).toBeInstanceOf(UpstreamError);
    expect(mapped.message).toBe('Twilio rejected the request (HTTP 401, code 20003)');
    expect((mapped as Error & { cause?: unknown }).cause).toBeInstanceOf(TwilioResponseError);
  });

  it('maps timeouts and unreachable hosts to 503', () => {
    expect(toApiError(new TwilioTransportError('timeout', 'GET /v1/x', 1), 'x')).toMatchObject({
      status: 503,
      message: 'Twilio did not answer in time; try again later',
    });
    expect(toApiError(new TwilioTransportError('unreachable', 'GET /v1/x', 3), 'x')).toMatchObject({
      status: 503,
    });
  });

  it('leaves API errors and foreign errors alone', () => {
    const own = new NotFoundError('n');
    expect(toApiError(own, 'x')).toBe(own);
    const bug = new TypeError('bug');
    expect(toApiError(bug, 'x')).toBe(bug);
  });
});
