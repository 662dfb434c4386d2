// Checks on a request body's framing, before any of it is parsed: JSON bodies are UTF-8
// and nested no deeper than any request of the spec (json-depth.ts); multipart bodies are not
// content-encoded (the multipart parser reads raw bytes). Each refusal is a catalogue error.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { Errors } from '../errors.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.ts';

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
