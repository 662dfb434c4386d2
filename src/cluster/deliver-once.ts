// Room events published through the Redis stream reach every other node once, across a
// Redis restart or a broken connection.
//
// ioredis sends a command again after a reconnect when the connection closed before the
// command's answer came (autoResendUnfulfilledCommands, on by default). For the adapter's
// XADD that is what keeps a packet published just before Redis went away from being lost,
// but when Redis had appended the entry and only its answer was lost (Redis died, or the
// connection broke, right after), the stream gets the packet a second time, and every other
// node emits it twice: the spec allows at most once. Turning the resend off would trade the
// copy for a loss (the adapter cannot tell which case it is in), and Redis 7 has no
// idempotent XADD. So each packet a node publishes carries an id of its own, and a node
// skips an entry whose packet it has already emitted: a resent XADD carries the very same
// fields as the first.
import { createHash, randomBytes } from 'node:crypto';
import type { createAdapter } from '@socket.io/redis-streams-adapter';

type AdapterFactory = ReturnType<typeof createAdapter>;
type StreamsAdapter = ReturnType<AdapterFactory>;
type ClusterMessage = Parameters<StreamsAdapter['doPublish']>[0];

/** socket.io-adapter's MessageType.BROADCAST: a packet for rooms (the only one emitted). */
const BROADCAST = 3;
/**
 * Entries remembered per node. A copy follows its original closely (the resend is the first
 * command after the reconnect), so this only has to outlast what was published meanwhile.
 */
const SEEN_CAPACITY = 10_000;
/** The id's field in a broadcast's data; the adapters ignore fields they do not know. */
const ID_FIELD = 'publishId' as const;

export function deliverOnce(factory: AdapterFactory): AdapterFactory {
  // A function, not an arrow: Socket.IO calls the adapter with `new`.
  return function onceAdapter(nsp) {
    const adapter = factory(nsp);
    // Unique across the cluster: another process never shares the random part.
    const prefix = randomBytes(8).toString('hex');
    let counter = 0;
    const publish = adapter.doPublish.bind(adapter);
    adapter.doPublish = (message: ClusterMessage) => {
      if (message.type !== BROADCAST) return publish(message);
      counter += 1;
      const data: typeof message.data & { [ID_FIELD]: string } = {
        ...message.data,
        [ID_FIELD]: `${prefix}-${counter}`,
      };
      return publish({ ...message, data });
    };

    // Insertion order is age: the first key is the oldest.
    const seen = new Set<string>();
    const receive = adapter.onRawMessage.bind(adapter);
    adapter.onRawMessage = (raw, offset) => {
      if (Number(raw.type) === BROADCAST && raw.data !== undefined) {
        // The data holds the id, so equal data is the same publication; hashed, so a large
        // packet is not kept whole.
        const key = createHash('sha256').update(raw.data).digest('base64');
        if (seen.has(key)) return;
        seen.add(key);
        if (seen.size > SEEN_CAPACITY) {
          const oldest = seen.values().next();
          if (!oldest.done) seen.delete(oldest.value);
        }
      }
      return receive(raw, offset);
    };
    return adapter;
  };
}
