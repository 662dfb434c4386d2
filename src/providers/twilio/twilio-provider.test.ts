// The Twilio provider against the wire-level fake (the real SDK underneath, every request
// and response checked against Twilio's OpenAPI description): first the behaviour suite
// both providers share (run against the local store too, so the two are held to the same
// expectations), then what only the Twilio mapping has to prove: the calls it makes, media
// URLs never fetched, Twilio's limits and codes.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type StartedTwilioFake,
  startTwilioFake,
  twilioConfigFor,
} from '../../../devtools/twilio-fake/start.ts';
import {
  describeProviderBehaviour,
  type ManualClock,
} from '../../../test/providers/provider-behaviour.ts';
import { BadRequestError, ConflictError } from '../../errors.ts';
import type { ConversationProvider } from '../provider.ts';
import { createTwilioProvider, openTwilio, type TwilioInbound } from './twilio-provider.ts';

describeProviderBehaviour('twilio (fake)', async (clock: ManualClock) => {
  const twilio = await startTwilioFake({ clock: clock.now });
  const provider = createTwilioProvider(twilioConfigFor(twilio.env));
  return {
    provider,
    smsNumberInSeveralConversations: false,
    unknownUserReachability: { online: false, notReachable: true },
    async close() {
      await provider.close();
      await twilio.close();
      expect(twilio.violations()).toEqual([]);
    },
  };
});

describe('twilio provider specifics', () => {
  let twilio: StartedTwilioFake;
  let provider: ConversationProvider;
  let inbound: TwilioInbound;
  const alice = { id: 'alice', name: 'Alice' };
  const bob = { id: 'bob', name: 'Bob' };

  beforeEach(async () => {
    twilio = await startTwilioFake();
    ({ provider, inbound } = openTwilio(twilioConfigFor(twilio.env)));
  });

  afterEach(async () => {
    await provider.close();
    await twilio.close();
    expect(twilio.violations()).toEqual([]);
  });

  const ops = () => twilio.calls().map((call) => `${call.operationId} ${call.status}`);

  it('finds a private conversation by its unique name: one lookup, never a scan', async () => {
    await provider.findOrCreatePrivateConversation({
      friendlyName: 'p',
      participants: [bob, alice],
    });
    expect(ops()).toEqual([
      'FetchServiceConversation 404',
      'CreateServiceConversationWithParticipants 201',
    ]);
    twilio.fake.resetCalls();
    const again = await provider.findOrCreatePrivateConversation({
      friendlyName: 'p',
      participants: [alice, bob],
    });
    expect(again.existing).toBe(true);
    expect(ops()).toEqual(['FetchServiceConversation 200']);
    expect(twilio.calls()[0]?.path).toMatch(/\/Conversations\/pc1-[0-9a-f]{64}$/);
  });

  it('recovers when another server creates the private conversation first (50353)', async () => {
    const other = createTwilioProvider(twilioConfigFor(twilio.env));
    let winner = '';
    twilio.fake.beforeNext('CreateServiceConversationWithParticipants', async () => {
      const created = await other.findOrCreatePrivateConversation({
        friendlyName: 'theirs',
        participants: [alice, bob],
      });
      winner = created.conversation.sid;
    });
    const mine = await provider.findOrCreatePrivateConversation({
      friendlyName: 'mine',
      participants: [bob, alice],
    });
    expect(mine).toMatchObject({ existing: true, conversation: { sid: winner } });
    expect(mine.conversation.friendlyName).toBe('theirs');
    expect(ops()).toContain('CreateServiceConversationWithParticipants 409');
    expect(twilio.fake.state.conversations.size).toBe(1);
    await other.close();
  });

  it('reads the last 100 messages newest first in one call and returns them oldest first', async () => {
    const { sid } = await provider.createConversation({ friendlyName: 'h', participants: [alice] });
    for (let i = 0; i < 3; i++) {
      await provider.sendMessage(sid, { author: 'alice', body: `m${i}`, media: [] });
    }
    twilio.fake.resetCalls();
    const history = await provider.listMessages(sid, 100);
    expect(history.map((m) => m.body)).toEqual(['m0', 'm1', 'm2']);
    expect(twilio.calls()).toHaveLength(1);
    expect(twilio.calls()[0]?.query).toContain('Order=desc');
    expect(twilio.calls()[0]?.query).toContain('PageSize=100');
  });

  it("lists a user's conversations through ParticipantConversations, following next_page_url", async () => {
    for (let i = 0; i < 60; i++) {
      await provider.createConversation({ friendlyName: `c${i}`, participants: [alice] });
    }
    twilio.fake.resetCalls();
    const listed = await provider.listConversations({ identity: 'alice', limit: 100 });
    expect(listed).toHaveLength(60);
    // Two pages of at most 50 (Twilio's cap); the second came from next_page_url, which
    // names conversations.twilio.com and reached the fake through the host rewrite.
    expect(ops()).toEqual([
      'ListServiceParticipantConversation 200',
      'ListServiceParticipantConversation 200',
    ]);
    expect(twilio.calls()[1]?.query).toContain('PageToken=');
  });

  it('stores client media URLs in message attributes and never fetches them', async () => {
    let hits = 0;
    const probe = createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/internal/secret.png`;
    try {
      const { sid } = await provider.createConversation({
        friendlyName: 'm',
        participants: [alice],
      });
      const sent = await provider.sendMessage(sid, { author: 'alice', body: 'see', media: [url] });
      expect(sent.media).toEqual([url]);
      await provider.listMessages(sid, 100);
      await provider.listConversations({ limit: 10 });
      expect(hits).toBe(0);
      const stored = twilio.fake.state.conversations.get(sid)?.messages[0];
      expect(JSON.parse(stored?.attributes ?? '{}')).toEqual({ media: [url] });
      expect(stored?.media).toBeNull();
    } finally {
      await new Promise((resolve) => probe.close(resolve));
    }
  });

  it("refuses media lists beyond Twilio's 4 KiB of message attributes, without writing", async () => {
    const { sid } = await provider.createConversation({ friendlyName: 'm', participants: [alice] });
    twilio.fake.resetCalls();
    const media = Array.from(
      { length: 3 },
      (_, i) => `https://example.com/${'x'.repeat(2000)}${i}`,
    );
    await expect(
      provider.sendMessage(sid, { author: 'alice', body: 'big', media }),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect(twilio.calls()).toEqual([]);
  });

  it("refuses participant details beyond Twilio's 16 KiB of conversation attributes", async () => {
    const image = `data:image/png;base64,${'A'.repeat(20_000)}`;
    await expect(
      provider.createConversation({ friendlyName: 'x', participants: [{ ...alice, image }] }),
    ).rejects.toThrow(/16384 bytes/);
    expect(twilio.calls()).toEqual([]);
    expect(twilio.fake.state.conversations.size).toBe(0);
  });

  it('answers 400 for SMS participants without a proxy number, before calling Twilio', async () => {
    const bare = createTwilioProvider({
      ...twilioConfigFor(twilio.env),
      smsProxyNumber: undefined,
    });
    const { sid } = await provider.createConversation({ friendlyName: 's', participants: [alice] });
    twilio.fake.resetCalls();
    const adding = bare.addSmsParticipant(sid, '+15550001111');
    await expect(adding).rejects.toBeInstanceOf(BadRequestError);
    await expect(adding).rejects.toThrow(/TWILIO_SMS_PROXY_NUMBER/);
    expect(twilio.calls()).toEqual([]);
  });

  it('maps numbers Twilio rejects to 409 with the reason', async () => {
    const { sid } = await provider.createConversation({ friendlyName: 's', participants: [alice] });
    const proxy = twilioConfigFor(twilio.env).smsProxyNumber ?? '';
    const rejected = provider.addSmsParticipant(sid, proxy);
    await expect(rejected).rejects.toBeInstanceOf(ConflictError);
    await expect(rejected).rejects.toThrow(/is the proxy number itself/);
  });

  it('reports reachability from the User resource once reachability is on', async () => {
    await provider.enableReachability();
    twilio.fake.setUserReachability('alice', true, true);
    twilio.fake.setUserReachability('bob', false, true);
    expect(await provider.getUserReachability('alice')).toEqual({
      online: true,
      notReachable: false,
    });
    expect(await provider.getUserReachability('bob')).toEqual({
      online: false,
      notReachable: false,
    });
    expect(await provider.getUserReachability('nobody')).toEqual({
      online: false,
      notReachable: true,
    });
    expect(twilio.fake.state.reachabilityEnabled).toBe(true);
  });

  it('looks a conversation it has not seen up once, then serves its last message from memory', async () => {
    const { sid } = await provider.createConversation({ friendlyName: 'c', participants: [alice] });
    await provider.sendMessage(sid, { author: 'alice', body: 'hello', media: [] });
    // A second server process (or this one after a restart) has not seen the conversation.
    const restarted = createTwilioProvider(twilioConfigFor(twilio.env));
    twilio.fake.resetCalls();
    const first = await restarted.listConversations({ identity: 'alice', limit: 100 });
    expect(first[0]?.lastMessage?.body).toBe('hello');
    expect(ops()).toEqual([
      'ListServiceParticipantConversation 200',
      'ListServiceConversationMessage 200',
    ]);
    twilio.fake.resetCalls();
    await restarted.listConversations({ identity: 'alice', limit: 100 });
    expect(ops()).toEqual(['ListServiceParticipantConversation 200']);
    await restarted.close();
  });

  it('keeps the last message current from inbound events, and knows its own messages', async () => {
    const { sid } = await provider.createConversation({ friendlyName: 'c', participants: [alice] });
    const own = await provider.sendMessage(sid, { author: 'alice', body: 'mine', media: [] });
    const reported = {
      sid: `IM${'1'.repeat(32)}`,
      conversationSid: sid,
      author: '+15550001111',
      body: 'reply',
      attributes: '{}',
      media: [{ Sid: `ME${'2'.repeat(32)}` }],
      dateCreated: new Date().toISOString(),
      index: 1,
    };
    expect(await inbound.message({ ...reported, sid: own.sid, index: 0 })).toBeNull();
    const record = await inbound.message(reported);
    expect(record).toMatchObject({ body: 'reply', media: [`ME${'2'.repeat(32)}`] });
    twilio.fake.resetCalls();
    const [listed] = await provider.listConversations({ limit: 10 });
    expect(listed?.lastMessage?.body).toBe('reply');
    expect(ops()).toEqual(['ListServiceConversation 200']);
  });
});
