// Checks on a request body's framing, before any of it is parsed: JSON bodies are UTF-8
// and nested no deeper than any request of the spec (json-depth.ts), and decompress;
// multipart bodies are not content-encoded (the multipart parser reads raw bytes). Each
// refusal is a catalogue error or one errors.ts classifies: a 4xx, never a 500.
import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { Errors } from '../errors.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.ts';

/**
 * body-parser's JSON parser with every refusal of the body made a 4xx. It tags most of its
 * errors with a `type` (classified in errors.ts) but passes a compressed body that does not
 * decompress (a corrupt or truncated gzip, deflate or br body: zlib's or brotli's own error)
 * on as an untyped 400, which would otherwise read as an unexpected error, a 500.
 */
export function readJsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit, verify: verifyJsonBody });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      // Only the untyped 400. Every other refusal carries a `type` (errors.ts classifies
      // them; so is a catalogue error thrown in `verify`, typed `entity.verify.failed`, and
      // a bug thrown there stays unexpected, a logged 500).
      const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
      if (error !== undefined && status === 400 && type === undefined) {
        const unreadable = Errors.unreadableBody();
        unreadable.cause = error;
        return next(unreadable);
      }
      next(error);
    });
  };
}

/**
 * body-parser's `verify` hook: it sees the raw (decompressed) bytes and their declared
 * charset before the parse. body-parser itself accepts any `utf-*`; the spec says UTF-8,
 * which is also what makes the byte scan exact.
 */
export function verifyJsonBody(
  _req: IncomingMessage,
  _res: unknown,
  bytes: Buffer,
  charset: string | null,
): void {
  if (charset !== null && !/^utf-?8$/i.test(charset)) {
    throw Errors.unsupportedCharset(charset.toUpperCase().slice(0, 40));
  }
  if (nestsDeeperThan(bytes, MAX_JSON_DEPTH)) throw Errors.jsonTooDeep(MAX_JSON_DEPTH);
}

/** Multipart parsers read the bytes as sent: any coding but `identity` is refused. */
export const refuseEncodedMultipart: RequestHandler = (req, _res, next) => {
  const encoding = req.get('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw Errors.encodedMultipart(encoding.slice(0, 40));
  }
  next();
};
