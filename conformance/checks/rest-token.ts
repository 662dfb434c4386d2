// The token generate-token hands out names the user it was asked for: its JWT payload
// (decoded without any key) carries `user_id` as the identity — Twilio access tokens in
// `grants.identity`, the reference server's own tokens in `sub`. A token for `user_<id>`
// or for nobody makes every later act-as-token rule fail in the client, not the server.
import { type Check, defineCheck } from '../context.ts';
import { isObject } from '../spec.ts';

/** The payload of a JWT, or a reason why it is not one. */
export function jwtPayload(token: string): Record<string, unknown> | string {
  const parts = token.split('.');
  if (parts.length !== 3) return `not a JWT (${parts.length} dot-separated parts)`;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    return isObject(payload) ? payload : 'the JWT payload is not a JSON object';
  } catch {
    return 'the JWT payload is not base64url JSON';
  }
}

/** The identities a token names: Twilio's `grants.identity`, else the subject. */
export function tokenIdentity(payload: Record<string, unknown>): string | undefined {
  const grants = payload.grants;
  if (isObject(grants) && typeof grants.identity === 'string') return grants.identity;
  return typeof payload.sub === 'string' ? payload.sub : undefined;
}

export function restTokenChecks(): Check[] {
  return [
    defineCheck({
      group: 'rest',
      name: 'generateToken.identity',
      description:
        'the token generate-token returns names user_id as its identity (Twilio grants.identity or the subject)',
      run: async (t) => {
        const userId = t.id('token');
        const ex = await t.http.call('generateToken', { json: { user_id: userId }, auth: false });
        const body = t.require(
          ex,
          'generateToken',
          [200],
          'a valid generate-token request answers 200',
          (b) => typeof b.token === 'string',
        );
        const rule = 'the token from generate-token carries user_id as its identity';
        const payload = jwtPayload(body.token);
        if (typeof payload === 'string') {
          t.fail({ rule, expected: 'a JWT', actual: payload, key: 'token-identity:not-jwt' });
          return;
        }
        const identity = tokenIdentity(payload);
        if (identity !== userId) {
          const shown =
            identity === undefined ? 'no grants.identity and no sub' : JSON.stringify(identity);
          t.fail({
            rule,
            expected: `identity ${JSON.stringify(userId)} (grants.identity or sub)`,
            actual: `identity ${shown}`,
            key: `token-identity:${identity === undefined ? 'none' : identity.replace(userId, '<user_id>')}`,
            subject: 'generateToken',
          });
        }
      },
    }),
  ];
}
