// Sockets are held to the same credentials as REST for as long as they live (local mode:
// the tests sign their own tokens with the configured secret): a token without `exp` is
// refused, a socket is disconnected when its token expires, and a browser Origin that
// CORS_ORIGIN does not allow cannot open a socket (CORS headers alone never bind one).
import { SignJWT } from 'jose';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { expectStatus, modes, uid, useServer } from './harness.ts';

const SECRET = 's'.repeat(40);
const local = modes.filter((m) => m.name === 'local');

function sign(identity: string, expiresInSeconds: number | null): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity)
    .setIssuer('chat-contract')
    .setIssuedAt();
  if (expiresInSeconds !== null) {
    jwt.setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds);
  }
  return jwt.sign(new TextEncoder().encode(SECRET));
}

/** Resolves with 'connect' or the connect_error message. */
function handshake(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connect'));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

describe.each(local)('socket credentials ($name)', (mode) => {
  const ctx = useServer(mode, {
    env: { AUTH_REQUIRED: 'true', TOKEN_SECRET: SECRET, CORS_ORIGIN: 'https://app.example' },
  });

  it('a token without exp is refused on REST and at the socket handshake', async () => {
    const forever = await sign(uid('forever'), null);
    expectStatus(
      await ctx.server.request('GET', '/api/conversations', { token: forever }),
      'listConversations',
      401,
    );
    const client = await ctx.server.client({ token: forever, expectRefusal: true });
    expect(client.connectError?.message).toBe('unauthorized');
    // The same identity with an expiry is fine.
    const bounded = await ctx.server.client({ token: await sign(uid('bounded'), 3600) });
    await bounded.roundTrip();
  });

  it('a socket is disconnected when its token expires', async () => {
    const client = await ctx.server.client({ token: await sign(uid('short'), 2) });
    await client.roundTrip();
    // Generous: only that it happens is asserted, not when.
    expect(await client.disconnected(30_000)).toBe('io server disconnect');
  });

  it('CORS_ORIGIN binds the WebSocket: a disallowed browser Origin cannot connect', async () => {
    const token = await sign(uid('origin'), 3600);
    const attempt = (origin: string | undefined) => {
      const socket = connectSocket(ctx.server.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token },
        ...(origin ? { extraHeaders: { origin } } : {}),
      });
      return handshake(socket).finally(() => socket.disconnect());
    };
    expect(await attempt('https://evil.example')).not.toBe('connect');
    expect(await attempt('https://app.example')).toBe('connect');
    // Not a browser (no Origin): not CORS's business.
    expect(await attempt(undefined)).toBe('connect');
  });
});
