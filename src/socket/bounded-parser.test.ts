// The depth check in front of Socket.IO's parser: where the JSON of a packet starts, for
// every header form socket.io-parser reads, and that only the JSON decides.
import { describe, expect, it } from 'vitest';
import { boundedParser, payloadStart } from './bounded-parser.ts';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('the bounded decoder', () => {
  const decode = (packet: string) => {
    const decoded: unknown[] = [];
    const decoder = new boundedParser.Decoder();
    decoder.on('decoded', (p: unknown) => decoded.push(p));
    decoder.add(packet);
    return decoded;
  };

  it('decodes a packet within the depth bound', () => {
    expect(decode(`2["send_message",{"body":${nested(20)}}]`)).toHaveLength(1);
  });

  it.each([
    ['in the payload', `2["send_message",${nested(40)}]`],
    ['after a namespace with a quote in it', `2/x",${nested(40)}`],
    ['after an ack id', `2123${nested(40)}`],
  ])('refuses a packet nested too deep %s, unparsed', (_where, packet) => {
    expect(() => decode(packet)).toThrow(/nests deeper than 32 levels/);
  });

  it('does not count brackets inside the namespace', () => {
    expect(decode(`2/[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[,["e"]`)).toHaveLength(1);
  });
});

describe('payloadStart', () => {
  it.each([
    ['2["ping"]', '["ping"]'],
    ['21["ping"]', '["ping"]'],
    ['2/chat,["ping"]', '["ping"]'],
    ['2/chat,42["ping"]', '["ping"]'],
    ['2/x",[[1]]', '[[1]]'],
    ['51-["e",{"_placeholder":true,"num":0}]', '["e",{"_placeholder":true,"num":0}]'],
    ['51-/chat,7["e"]', '["e"]'],
    ['0{"token":"t"}', '{"token":"t"}'],
    ['0/admin,{"token":"t"}', '{"token":"t"}'],
    ['1', ''],
    ['2/no-comma[[[', ''],
  ])('%s -> %s', (packet, json) => {
    expect(packet.slice(payloadStart(packet))).toBe(json);
  });
});
