// The HTTP layer under the SDK and the Media Content Service client: which answers are
// retried and how often, how long the back-off waits, how timeouts and unreachable hosts
// end, against the fake (each request counted there).

import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type StartedTwilioFake,
  startTwilioFake,
  twilioConfigFor,
} from '../../../devtools/twilio-fake/start.ts';
import { mediaFile } from '../../../test/providers/media-file.ts';
import { UpstreamError } from '../../errors.ts';
import { isRetryable, retryDelay, transportKind } from './client.ts';
import { createTwilioProvider } from './twilio-provider.ts';

describe('retry policy', () => {
  it('repeats 429 and 503 for every method, other 5xx only for reads', () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      expect(isRetryable(429, method)).toBe(true);
      expect(isRetryable(503, method)).toBe(true);
      expect(isRetryable(400, method)).toBe(false);
      expect(isRetryable(404, method)).toBe(false);
    }
    expect(isRetryable(500, 'get')).toBe(true);
    expect(isRetryable(502, 'GET')).toBe(true);
    expect(isRetryable(500, 'post')).toBe(false);
    expect(isRetryable(504, 'delete')).toBe(false);
  });

  it('backs off exponentially with jitter, never beyond 2 s, honouring Retry-After up to that', () => {
    const low = () => 0;
    const high = () => 0.999;
    expect(retryDelay(0, 200, undefined, low)).toBe(100);
    expect(retryDelay(1, 200, undefined, low)).toBe(200);
    expect(retryDelay(2, 200, undefined, high)).toBeLessThanOrEqual(800);
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(retryDelay(attempt, 200)).toBeLessThanOrEqual(2_000);
    }
    expect(retryDelay(0, 200, 1, low)).toBe(1_000);
    expect(retryDelay(0, 200, 3600, low)).toBe(2_000);
  });

  it('tells timeouts and refused connections from other failures', () => {
    expect(transportKind({ code: 'ECONNABORTED' })).toBe('timeout');
    expect(transportKind(new DOMException('t', 'TimeoutError'))).toBe('timeout');
    expect(transportKind(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(
      'refused',
    );
    expect(transportKind(new Error('socket hang up'))).toBe('other');
  });
});

describe('Twilio calls under faults', () => {
  let twilio: StartedTwilioFake;
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };

  afterEach(async () => {
    sleeps.length = 0;
    await twilio?.close();
    expect(twilio.violations()).toEqual([]);
  });

  async function setup(options: { timeoutMs?: number } = {}) {
    twilio = await startTwilioFake({ maxRetries: 3, retryBaseMs: 100, ...options });
    return createTwilioProvider(twilioConfigFor(twilio.env), { sleep });
  }

  const statuses = () => twilio.calls().map((call) => call.status);

  it('succeeds after a 429 with one back-off', async () => {
    const provider = await setup();
    twilio.inject({
      status: 429,
      times: 1,
      operationId: 'CreateServiceConversationWithParticipants',
    });
    const created = await provider.createConversation({
      friendlyName: 'x',
      participants: [{ id: 'alice', name: 'A' }],
    });
    expect(created.sid).toMatch(/^CH/);
    expect(statuses()).toEqual([429, 201]);
    expect(sleeps).toHaveLength(1);
    expect(twilio.fake.state.conversations.size).toBe(1);
  });

  it('gives up on a persistent 503 after maxRetries with bounded waits: 502, nothing written', async () => {
    const provider = await setup();
    twilio.inject({ status: 503, times: Number.POSITIVE_INFINITY });
    const creating = provider.createConversation({
      friendlyName: 'x',
      participants: [{ id: 'alice', name: 'A' }],
    });
    await expect(creating).rejects.toBeInstanceOf(UpstreamError);
    await expect(creating).rejects.toMatchObject({ status: 502 });
    expect(statuses()).toEqual([503, 503, 503, 503]);
    expect(sleeps).toHaveLength(3);
    expect(sleeps.every((ms) => ms <= 2_000)).toBe(true);
    expect(twilio.fake.state.conversations.size).toBe(0);
  });

  it('does not repeat a POST answered 500 (it may have been written); repeats a GET', async () => {
    const provider = await setup();
    const { sid } = await provider.createConversation({
      friendlyName: 'x',
      participants: [{ id: 'alice', name: 'A' }],
    });
    twilio.fake.resetCalls();
    twilio.inject({ status: 500, times: 1 });
    await expect(
      provider.sendMessage(sid, { author: 'alice', body: 'once', media: [] }),
    ).rejects.toMatchObject({ status: 502 });
    expect(statuses()).toEqual([500]);
    twilio.fake.resetCalls();
    twilio.inject({ status: 500, times: 1 });
    expect(await provider.listMessages(sid, 100)).toEqual([]);
    expect(statuses()).toEqual([500, 200]);
  });

  it('answers 503 without retrying when Twilio does not answer in time', async () => {
    const provider = await setup({ timeoutMs: 500 });
    twilio.inject({ hang: true, times: 5 });
    await expect(provider.ping()).rejects.toMatchObject({ status: 503 });
    // One call, no retry: a request that timed out may have been executed by Twilio.
    expect(statuses()).toEqual(['hang']);
  });

  it('answers 503 when Twilio cannot be reached at all, after retrying the connection', async () => {
    await setup();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = `http://127.0.0.1:${port}`;
    const provider = createTwilioProvider(
      {
        ...twilioConfigFor(twilio.env),
        apiBaseUrl: nowhere,
        mcsBaseUrl: nowhere,
        maxRetries: 2,
      },
      { sleep },
    );
    await expect(provider.ping()).rejects.toMatchObject({ status: 503 });
    await expect(provider.getMedia(`ME${'0'.repeat(32)}`)).rejects.toMatchObject({ status: 503 });
    expect(sleeps).toHaveLength(4);
  });

  it('answers 502 when the configured service does not exist in the account', async () => {
    await setup();
    const provider = createTwilioProvider(
      { ...twilioConfigFor(twilio.env), serviceSid: `IS${'9'.repeat(32)}` },
      { sleep },
    );
    await expect(
      provider.createConversation({ friendlyName: 'x', participants: [{ id: 'a', name: 'A' }] }),
    ).rejects.toMatchObject({ status: 502 });
    await expect(provider.listConversations({ identity: 'a', limit: 100 })).rejects.toMatchObject({
      status: 502,
    });
    await expect(provider.ping()).rejects.toMatchObject({ status: 502 });
  });

  it('applies the same policy to the Media Content Service', async () => {
    // Long enough that the calls that do not hang finish in time on a loaded machine.
    const provider = await setup({ timeoutMs: 3_000 });
    const stored = await provider.storeMedia({
      contentType: 'text/plain',
      filename: 'a.txt',
      path: mediaFile('abc'),
    });
    twilio.fake.resetCalls();
    twilio.inject({ status: 429, times: 1, operationId: 'FetchMedia' });
    expect((await provider.readMedia(stored.sid)).bytes.toString()).toBe('abc');
    expect(twilio.calls().map((c) => `${c.operationId} ${c.status}`)).toEqual([
      'FetchMedia 429',
      'FetchMedia 200',
      'MediaContent 200',
    ]);
    twilio.inject({ status: 503, times: Number.POSITIVE_INFINITY, operationId: 'CreateMedia' });
    await expect(
      provider.storeMedia({
        contentType: 'text/plain',
        filename: 'b.txt',
        path: mediaFile('b'),
      }),
    ).rejects.toMatchObject({ status: 502 });
    twilio.fake.clearFaults();
    twilio.inject({ hang: true, operationId: 'FetchMedia' });
    await expect(provider.getMedia(stored.sid)).rejects.toMatchObject({ status: 503 });
  });
});
