// Tag `reachability`: enableReachability, getUserReachability. Without a back-end source
// of its own (local mode), reachability is Socket.IO presence: online while the identity
// has a connected socket that sent `user_connect`.
import { ok } from '../../wire.ts';
import type { HandlerGroup, Services } from '../context.ts';

export function reachabilityHandlers({
  provider,
  presence,
}: Services): HandlerGroup<'enableReachability' | 'getUserReachability'> {
  return {
    async enableReachability() {
      await provider.enableReachability();
      return ok('Reachability enabled successfully', {
        success: true as const,
        message: 'Reachability feature configured',
      });
    },

    async getUserReachability({ path }) {
      const known = await provider.getUserReachability(path.identity);
      const online = known?.online ?? (await presence.isOnline(path.identity));
      return ok('User reachability retrieved successfully', {
        identity: path.identity,
        online,
        not_reachable: known?.notReachable ?? !online,
      });
    },
  };
}
