// Fair service under floods: REST answers 429 with Retry-After past the per-caller limit,
// and a socket past its per-socket limit gets message_error `rate_limited` with its event
// dropped. (That a burst does not starve others is measured by `npm run bench`.)
import { describe, expect, it } from 'vitest';
import { expectStatus, modes, uid, useServer } from './harness.ts';

describe.each(modes)('rate limits ($name)', (mode) => {
  const ctx = useServer(mode, {
    env: { RATE_LIMIT_REST_PER_MINUTE: '3', RATE_LIMIT_SOCKET_PER_MINUTE: '3' },
  });

  it('REST: past the limit 429 with Retry-After and the envelope; /healthz is not limited', async () => {
    const user = uid('flood');
    const list = () => ctx.server.request('GET', `/api/conversations?userId=${user}`);
    for (let i = 0; i < 3; i++) expectStatus(await list(), 'listConversations', 200);
    const refused = await list();
    const body = expectStatus(refused, 'listConversations', 429);
    expect(body.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expectStatus(await ctx.server.request('GET', '/healthz'), 'getHealth', 200);
  });

  it('socket: past the limit message_error rate_limited, the event dropped', async () => {
    const [alice, bob] = [uid('alice'), uid('bob')];
    // The limit is per socket: REST calls of the test itself are another bucket, but
    // they count against this address, so the fixture is made by the back end directly.
    const sid = (
      await ctx.server.app.services.provider.createConversation({
        friendlyName: 'flood',
        participants: [
          { id: alice, name: 'A' },
          { id: bob, name: 'B' },
        ],
      })
    ).sid;
    const client = await ctx.server.client();
    for (let i = 0; i < 5; i++) {
      client.emit('send_message', { conversationSid: sid, body: `m${i}`, author: alice });
    }
    await client.roundTrip();
    for (let i = 0; i < 3; i++) await client.next('message_sent');
    const errors = [await client.next('message_error'), await client.next('message_error')];
    for (const error of errors)
      expect(error).toMatchObject({ event: 'send_message', code: 'rate_limited' });
    const stored = await ctx.server.app.services.provider.listMessages(sid, 10);
    expect(stored.map((m) => m.body)).toEqual(['m0', 'm1', 'm2']);
  });
});
