// Tag `operations`: getHealth.
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
      return { status: 200, body: { status: 'ok' } };
    },
  };
}
