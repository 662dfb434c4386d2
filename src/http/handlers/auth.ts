// Tag `auth`: generateToken.
import type { HandlerGroup, Services } from '../context.ts';

export function authHandlers({ tokens }: Services): HandlerGroup<'generateToken'> {
  return {
    async generateToken({ body }) {
      const token = await tokens.issue(body.user_id);
      return { status: 200, body: { status: 200, message: 'Token generated', token } };
    },
  };
}
