// Media through Twilio's Media Content Service (MCS), which the SDK does not cover: plain
// fetch against TWILIO_MCS_BASE_URL with the API key, the same timeout and retry policy as
// the SDK client. Calls per operation:
//   store   1 × POST /v1/Services/{IS}/Media (multipart: one file part carries the bytes,
//           streamed from the upload's file on disk, their content type and the filename)
//   get     1 × GET  /v1/Services/{IS}/Media/{ME}
//   read    the get above, then 1 download of its `links.content_direct_temporary` (a
//           short-lived signed URL Twilio hands out; no credentials are sent there)
// The server only ever downloads URLs Twilio's own answer names; URLs clients send are
// stored as text (messages.ts) and never fetched.

import { openAsBlob } from 'node:fs';
import { Errors, NotFoundError, UpstreamError } from '../../errors.ts';
import type { ConversationProvider, MediaRecord } from '../provider.ts';
import { type RetryPolicy, withRetries } from './client.ts';
import type { TwilioConfig } from './config.ts';
import { isMediaSid } from './context.ts';
import { mapTwilio, SERVICE_LEVEL, TwilioResponseError } from './errors.ts';

/** Largest media this server relays from Twilio (uploads are capped at 10 MiB upstream). */
export const MAX_RELAYED_MEDIA_BYTES = 32 * 1024 * 1024;

interface McsMedia {
  sid: string;
  content_type: string;
  size: number;
  filename: string | null;
  links: { content_direct_temporary?: string };
}

function isMcsMedia(value: unknown): value is McsMedia {
  if (typeof value !== 'object' || value === null) return false;
  const media = value as Record<string, unknown>;
  return (
    typeof media.sid === 'string' &&
    isMediaSid(media.sid) &&
    typeof media.content_type === 'string' &&
    typeof media.size === 'number' &&
    (media.filename === null ||
      media.filename === undefined ||
      typeof media.filename === 'string') &&
    typeof media.links === 'object' &&
    media.links !== null
  );
}

function toMediaRecord(media: McsMedia): MediaRecord {
  const record: MediaRecord = { sid: media.sid, contentType: media.content_type, size: media.size };
  if (media.filename) record.filename = media.filename;
  return record;
}

type MediaOperations = Pick<ConversationProvider, 'storeMedia' | 'getMedia' | 'readMedia'>;
type MediaConfig = Pick<
  TwilioConfig,
  'mcsBaseUrl' | 'serviceSid' | 'apiKeySid' | 'apiKeySecret' | 'timeoutMs'
>;

/**
 * This module's share of the ConversationProvider (composed in twilio-provider.ts);
 * `open` throws once the provider is closed.
 */
export function mediaOperations(
  config: MediaConfig,
  retry: RetryPolicy,
  open: () => unknown,
): MediaOperations {
  const base = `${config.mcsBaseUrl}/v1/Services/${config.serviceSid}/Media`;
  const authorization = `Basic ${Buffer.from(`${config.apiKeySid}:${config.apiKeySecret}`).toString('base64')}`;

  /** One MCS request with retries; answers the parsed JSON or throws TwilioResponseError. */
  async function call(method: 'GET' | 'POST', url: string, body?: FormData): Promise<unknown> {
    const label = `${method} ${new URL(url).pathname}`;
    const answer = await withRetries(retry, method, label, async () => {
      const response = await fetch(url, {
        method,
        headers: { authorization, accept: 'application/json' },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: { 'retry-after': response.headers.get('retry-after') ?? undefined },
        text,
      };
    });
    let json: unknown = null;
    try {
      json = answer.text ? JSON.parse(answer.text) : null;
    } catch {
      json = null;
    }
    if (answer.status < 200 || answer.status >= 300) {
      const { code, message } = (json ?? {}) as { code?: unknown; message?: unknown };
      throw new TwilioResponseError(
        answer.status,
        typeof code === 'number' ? code : undefined,
        typeof message === 'string' ? message : `HTTP ${answer.status}`,
      );
    }
    return json;
  }

  async function fetchMedia(mediaSid: string): Promise<McsMedia> {
    open();
    const notFound = Errors.mediaNotFound.message(mediaSid);
    if (!isMediaSid(mediaSid)) throw new NotFoundError(notFound);
    const json = await mapTwilio(() => call('GET', `${base}/${mediaSid}`), notFound);
    if (!isMcsMedia(json)) throw new UpstreamError(502, 'Twilio answered with malformed media');
    return json;
  }

  /** https (Twilio's CDN), or the configured MCS origin itself (a local fake). */
  function isTwilioContentUrl(url: string): boolean {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'https:' || parsed.origin === new URL(config.mcsBaseUrl).origin;
    } catch {
      return false;
    }
  }

  return {
    async storeMedia(media) {
      open();
      const form = new FormData();
      // A Blob backed by the file: fetch streams it from disk as the body is sent (each
      // retry reads it again), so the upload is never held whole in memory.
      const file = await openAsBlob(media.path, { type: media.contentType });
      // A multipart file part needs a name; an unnamed upload is stored as "upload".
      form.append('media', file, media.filename ?? 'upload');
      const json = await mapTwilio(() => call('POST', base, form), SERVICE_LEVEL);
      if (!isMcsMedia(json)) throw new UpstreamError(502, 'Twilio answered with malformed media');
      return toMediaRecord(json);
    },

    async getMedia(mediaSid) {
      return toMediaRecord(await fetchMedia(mediaSid));
    },

    async readMedia(mediaSid) {
      const found = await fetchMedia(mediaSid);
      const url = found.links.content_direct_temporary;
      if (typeof url !== 'string' || !isTwilioContentUrl(url)) {
        throw new UpstreamError(502, 'Twilio answered without a usable content URL');
      }
      if (found.size > MAX_RELAYED_MEDIA_BYTES) {
        throw new UpstreamError(502, `Media ${mediaSid} is too large to relay`);
      }
      const answer = await mapTwilio(
        () =>
          withRetries(retry, 'GET', `GET media content ${mediaSid}`, async () => {
            const response = await fetch(url, { signal: AbortSignal.timeout(config.timeoutMs) });
            const bytes = Buffer.from(await response.arrayBuffer());
            return { status: response.status, bytes };
          }),
        Errors.mediaNotFound.message(mediaSid),
      );
      if (answer.status !== 200) {
        throw new UpstreamError(
          502,
          `Twilio could not deliver media ${mediaSid} (HTTP ${answer.status})`,
        );
      }
      return { media: toMediaRecord(found), bytes: answer.bytes };
    },
  };
}
