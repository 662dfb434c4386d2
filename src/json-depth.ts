// How deep JSON text nests, found by one linear scan before anything parses it. JSON.parse
// of a 1 MB `[[[[…` builds half a million arrays and holds the event loop for a third of a
// second; no request body or event payload of the spec nests more than 3 levels, so text
// deeper than MAX_JSON_DEPTH is refused unparsed (REST: http/body-checks.ts; Socket.IO
// packets: socket/bounded-parser.ts).

/** Deeper than any request body or event payload the spec defines (3 levels at most). */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text (UTF-8 bytes, or a string) nests objects/arrays deeper than `max`.
 * Brackets inside strings do not count; malformed text is left to the parser (this only
 * bounds its work). The scan starts at `from`, where the JSON text starts. The structural characters are ASCII, so bytes and UTF-16 code units
 * scan alike.
 */
export function nestsDeeperThan(text: Uint8Array | string, max: number, from = 0): boolean {
  const isString = typeof text === 'string';
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i += 1) {
    const code = isString ? text.charCodeAt(i) : (text[i] as number);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}
