// Checks on a request body's framing, before any of it is parsed: JSON bodies are UTF-8
// and nested no deeper than any request of the spec (so a 1 MB `[[[[…` costs one linear
// scan, not a parse that builds half a million arrays); multipart bodies are not
// content-encoded (the multipart parser reads raw bytes). Each refusal is a catalogue error.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { Errors } from '../errors.ts';

/** Deeper than any request body the spec defines (they are 3 levels at most). */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether UTF-8 JSON text nests objects/arrays deeper than `max`. Brackets inside strings
 * do not count; malformed text is left to the parser (this only bounds its work).
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * body-parser's `verify` hook: it sees the raw (decompressed) bytes and their declared
 * charset before the parse. body-parser itself accepts any `utf-*`; the spec says UTF-8,
 * which is also what makes the byte scan above exact.
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
