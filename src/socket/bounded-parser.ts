// Socket.IO's own packet parser, with one check before it parses: a packet whose JSON nests
// deeper than any event payload of the spec (json-depth.ts) is a protocol violation, like a
// frame over maxHttpBufferSize. Parsing it would hold the event loop for every socket (a
// 1 MB `[[[[…` takes a third of a second), and then the payload would be refused anyway.
// The decoder throws, so Socket.IO closes that connection ("parse error") unparsed.
//
// Only the JSON is scanned, not the packet's header: a namespace may hold any character,
// and one with a quote in it would otherwise make the whole payload look like a string.
import { Encoder, Decoder as SocketIoDecoder } from 'socket.io-parser';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.ts';

const BINARY_EVENT = 5;
const BINARY_ACK = 6;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Where the JSON of an encoded packet starts, read as socket.io-parser's decodeString reads
 * the header: the type digit, `<attachments>-` for binary packets, `/<namespace>,`, then
 * the ack id's digits.
 */
export function payloadStart(packet: string): number {
  let i = 0;
  const type = packet.charCodeAt(0) - 0x30;
  if (type === BINARY_EVENT || type === BINARY_ACK) {
    const dash = packet.indexOf('-', 1);
    if (dash === -1) return packet.length;
    i = dash;
  }
  if (packet.charAt(i + 1) === '/') {
    const comma = packet.indexOf(',', i + 1);
    if (comma === -1) return packet.length;
    i = comma;
  }
  while (i + 1 < packet.length && isDigit(packet.charCodeAt(i + 1))) i += 1;
  return i + 1;
}

class Decoder extends SocketIoDecoder {
  override add(packet: unknown): void {
    if (
      typeof packet === 'string' &&
      nestsDeeperThan(packet, MAX_JSON_DEPTH, payloadStart(packet))
    ) {
      throw new Error(`packet nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    super.add(packet);
  }
}

/** The `parser` option of the Socket.IO server. */
export const boundedParser = { Encoder, Decoder };
