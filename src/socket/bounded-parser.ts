// Socket.IO's own packet parser, with one check before it parses: a packet whose JSON nests
// deeper than any event payload of the spec (json-depth.ts) is a protocol violation, like a
// frame over maxHttpBufferSize. Parsing it would hold the event loop for every socket (a
// 1 MB `[[[[…` takes a third of a second), and then the payload would be refused anyway.
// The decoder throws, so Socket.IO closes that connection ("parse error") unparsed.
import { Encoder, Decoder as SocketIoDecoder } from 'socket.io-parser';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.ts';

class Decoder extends SocketIoDecoder {
  override add(packet: unknown): void {
    if (typeof packet === 'string' && nestsDeeperThan(packet, MAX_JSON_DEPTH)) {
      throw new Error(`packet nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    super.add(packet);
  }
}

/** The `parser` option of the Socket.IO server. */
export const boundedParser = { Encoder, Decoder };
