// Tag `reachability`: enableReachability, getUserReachability. Without a back-end source
// of its own (local mode), reachability is Socket.IO presence: online while the identity
// has a connected socket that sent `user_connect`.
import type { HandlerGroup, Services } from '../context.ts';

export function reachabilityHandlers({
  provider,
  presence,
}: Services): HandlerGroup<'enableReachability' | 'getUserReachability'> {
  return {
    async enableReachability() {
      await provider.enableReachability();
      return {
        status: 200,
        body: {
          status: 200,
          message: 'Reachability enabled successfully',
          data: { success: true, message: 'Reachability feature configured' },
        },
      };
    },

    async getUserReachability({ path }) {
      const known = await provider.getUserReachability(path.identity);
      const online = known?.online ?? (await presence.isOnline(path.identity));
      return {
        status: 200,
        body: {
          status: 200,
          message: 'User reachability retrieved successfully',
          data: {
            identity: path.identity,
            online,
            not_reachable: known?.notReachable ?? !online,
          },
        },
      };
    },
  };
}
