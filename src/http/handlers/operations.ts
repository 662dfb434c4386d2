// Tag `operations`: getHealth, which also advertises the server's capabilities (how
// reachability works, whether SMS participants can be added).
import { UpstreamError } from '../../errors.ts';
import type { HandlerGroup, Services } from '../context.ts';

export function operationsHandlers({ provider }: Services): HandlerGroup<'getHealth'> {
  return {
    async getHealth() {
      try {
        await provider.ping();
      } catch {
        throw new UpstreamError(503, 'Store unavailable');
      }
      return {
        status: 200,
        body: {
          status: 'ok',
          capabilities: {
            // Local mode has no back-end notion of reachability: it is Socket.IO presence.
            reachability: provider.kind === 'local' ? 'presence' : 'provider',
            sms: provider.sms,
          },
        },
      };
    },
  };
}
