// The fake itself: its contract check is faithful to Twilio's description (Twilio's own
// examples pass the tightened schemas; requests outside the description are caught), and
// it speaks the wire protocol the provider relies on: auth, form bodies, paging with
// next_page_url, the error body, injected faults, signed post-event webhooks.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { TwilioContract } from './contract.ts';
import { handlerFor } from './handlers.ts';
import { signTwilioRequest, TwilioFake } from './server.ts';

/** Documented quirks of Twilio's description that the tightened schema does not accept. */
const KNOWN_EXAMPLE_QUIRKS: Record<string, string> = {
  // The example shows `"method": null`; the schema's enum does not allow null.
  'FetchServiceWebhookConfiguration fetchEmpty': 'method is null in the example only',
};

describe('contract', () => {
  const contract = new TwilioContract();

  it("accepts Twilio's own examples for every operation the fake serves", () => {
    const served = contract.operationIds().filter((id) => handlerFor(id) !== undefined);
    expect(served.length).toBeGreaterThanOrEqual(15);
    let checked = 0;
    for (const operationId of served) {
      const operation = contract.find(operationId);
      if (!operation) throw new Error(`no operation ${operationId}`);
      for (const example of contract.examples(operationId)) {
        const key = `${operationId} ${example.name}`;
        const errors = contract.validateResponse(operation, example.status, example.value);
        if (KNOWN_EXAMPLE_QUIRKS[key]) {
          expect(errors.length).toBeGreaterThan(0);
        } else {
          expect({ key, errors }).toEqual({ key, errors: [] });
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('rejects a response with a field Twilio does not send, or without one it does', () => {
    const op = contract.find('FetchServiceConversation');
    if (!op) throw new Error('FetchServiceConversation is missing');
    const [example] = contract.examples('FetchServiceConversation');
    const value = example?.value as Record<string, unknown>;
    expect(contract.validateResponse(op, 200, { ...value, last_message: 'x' })).not.toEqual([]);
    const { unique_name: _dropped, ...missing } = value;
    expect(contract.validateResponse(op, 200, missing)).not.toEqual([]);
    expect(contract.validateResponse(op, 201, value)).toEqual([
      'status 201 is not documented for FetchServiceConversation',
    ]);
  });
});

describe('wire protocol', () => {
  let fake: TwilioFake;
  let hook: Server | undefined;

  afterEach(async () => {
    await fake.close();
    if (hook) await new Promise((resolve) => hook?.close(resolve));
    hook = undefined;
  });

  async function open() {
    fake = new TwilioFake({ clock: () => Date.UTC(2025, 0, 1, 12, 0, 0, 750) });
    await fake.listen();
    const { apiKeySid, apiKeySecret, serviceSid } = fake.credentials;
    const auth = `Basic ${Buffer.from(`${apiKeySid}:${apiKeySecret}`).toString('base64')}`;
    const base = `/v1/Services/${serviceSid}`;
    const send = async (
      method: string,
      path: string,
      form?: Record<string, string | string[]>,
      headers: Record<string, string> = {},
    ) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(form ?? {})) {
        for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
      }
      const res = await fetch(`${fake.url}${path}`, {
        method,
        headers: {
          authorization: auth,
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...headers,
        },
        ...(form ? { body } : {}),
      });
      const text = await res.text();
      return {
        status: res.status,
        json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      };
    };
    return { send, base, auth };
  }

  it('answers without credentials, or with wrong ones, with 401 and the error body', async () => {
    const { base } = await open();
    const res = await fetch(`${fake.url}${base}/Configuration`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
    const { accountSid, authToken } = fake.credentials;
    const withToken = await fetch(`${fake.url}${base}/Configuration`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      },
    });
    expect(withToken.status).toBe(200);
    expect(fake.violations()).toEqual([]);
  });

  it('keeps whole seconds and Twilio JSON shapes', async () => {
    const { send, base } = await open();
    const created = await send('POST', `${base}/ConversationWithParticipants`, {
      FriendlyName: 'x',
      Participant: ['{"identity":"alice"}', '{"identity":"bob"}'],
    });
    expect(created.status).toBe(201);
    expect(created.json.date_created).toBe('2025-01-01T12:00:00Z');
    expect(created.json.url).toMatch(/^https:\/\/conversations\.twilio\.com\/v1\/Services\//);
    expect(fake.violations()).toEqual([]);
  });

  it('records parameters outside the description as violations (Twilio would drop them)', async () => {
    const { send, base } = await open();
    const created = await send('POST', `${base}/ConversationWithParticipants`, {
      FriendlyName: 'x',
    });
    const sid = String(created.json.sid);
    const sent = await send('POST', `${base}/Conversations/${sid}/Messages`, {
      Body: 'x',
      Media: 'https://example.com/a.png',
    });
    expect(sent.status).toBe(400);
    const listed = await send('GET', `${base}/Conversations/${sid}/Messages?PageSize=1000`);
    expect(listed.status).toBe(400);
    const unknown = await send('GET', '/v1/Channels');
    expect(unknown.status).toBe(404);
    expect(fake.violations().map((v) => v.operationId)).toEqual([
      'CreateServiceConversationMessage',
      'ListServiceConversationMessage',
      'GET /v1/Channels',
    ]);
    expect(fake.violations()[0]?.errors.join()).toMatch(/additional properties/);
    expect(fake.violations()[1]?.errors.join()).toMatch(/PageSize must be <= 100/);
  });

  it("pages with meta and a next_page_url on Twilio's host that the fake serves", async () => {
    const { send, base } = await open();
    const { json } = await send('POST', `${base}/ConversationWithParticipants`, {
      FriendlyName: 'x',
    });
    const sid = String(json.sid);
    for (let i = 0; i < 5; i++) {
      await send('POST', `${base}/Conversations/${sid}/Messages`, { Author: 'a', Body: `m${i}` });
    }
    const first = await send('GET', `${base}/Conversations/${sid}/Messages?Order=desc&PageSize=2`);
    const meta = first.json.meta as Record<string, string | number | null>;
    expect((first.json.messages as Array<{ body: string }>).map((m) => m.body)).toEqual([
      'm4',
      'm3',
    ]);
    expect(meta).toMatchObject({ page: 0, page_size: 2, key: 'messages', previous_page_url: null });
    const next = new URL(String(meta.next_page_url));
    expect(next.origin).toBe('https://conversations.twilio.com');
    const second = await send('GET', `${next.pathname}${next.search}`);
    expect((second.json.messages as Array<{ body: string }>).map((m) => m.body)).toEqual([
      'm2',
      'm1',
    ]);
    expect((second.json.meta as { page: number }).page).toBe(1);
    expect(fake.violations()).toEqual([]);
  });

  it('binds an SMS address and proxy into one active conversation, freed by deletion', async () => {
    const { send, base } = await open();
    const one = String((await send('POST', `${base}/ConversationWithParticipants`, {})).json.sid);
    const two = String((await send('POST', `${base}/ConversationWithParticipants`, {})).json.sid);
    const binding = {
      'MessagingBinding.Address': '+15550001111',
      'MessagingBinding.ProxyAddress': '+15005550006',
    };
    expect((await send('POST', `${base}/Conversations/${one}/Participants`, binding)).status).toBe(
      201,
    );
    const taken = await send('POST', `${base}/Conversations/${two}/Participants`, binding);
    expect(taken).toMatchObject({ status: 409, json: { code: 50416 } });
    expect((await send('DELETE', `${base}/Conversations/${one}`)).status).toBe(204);
    expect((await send('POST', `${base}/Conversations/${two}/Participants`, binding)).status).toBe(
      201,
    );
    expect(fake.violations()).toEqual([]);
  });

  it('injects faults for a number of matching requests, and hangs until the client gives up', async () => {
    const { send, base, auth } = await open();
    fake.inject({ status: 429, times: 2, operationId: 'FetchServiceConfiguration' });
    expect((await send('GET', `${base}/Configuration/Webhooks`)).status).toBe(200);
    expect((await send('GET', `${base}/Configuration`)).json).toMatchObject({
      code: 20429,
      status: 429,
    });
    expect((await send('GET', `${base}/Configuration`)).status).toBe(429);
    expect((await send('GET', `${base}/Configuration`)).status).toBe(200);

    fake.inject({ hang: true });
    const hanging = fetch(`${fake.url}${base}/Configuration`, {
      headers: { authorization: auth },
      signal: AbortSignal.timeout(100),
    });
    await expect(hanging).rejects.toThrow();
    expect(fake.calls().map((call) => call.status)).toEqual([200, 429, 429, 200, 'hang']);
    expect(fake.violations()).toEqual([]);
  });

  it('signs post-event webhooks like Twilio, only for requests that ask for them', async () => {
    const { send, base } = await open();
    const received: Array<{ signature: string; params: Record<string, string> }> = [];
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({
          signature: String(req.headers['x-twilio-signature']),
          params: Object.fromEntries(new URLSearchParams(body)),
        });
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook?.listen(0, '127.0.0.1', resolve));
    const publicUrl = 'https://chat.example.test/hooks/twilio';
    fake.configureWebhooks(publicUrl, ['onMessageAdded']);
    fake.routeWebhooksTo(`http://127.0.0.1:${(hook.address() as AddressInfo).port}`);

    const sid = String((await send('POST', `${base}/ConversationWithParticipants`, {})).json.sid);
    await send('POST', `${base}/Conversations/${sid}/Messages`, { Author: 'a', Body: 'quiet' });
    await send(
      'POST',
      `${base}/Conversations/${sid}/Messages`,
      { Author: 'a', Body: 'loud' },
      { 'x-twilio-webhook-enabled': 'true' },
    );
    await fake.settled();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.params).toMatchObject({
      EventType: 'onMessageAdded',
      ConversationSid: sid,
      Body: 'loud',
      Author: 'a',
      Index: '1',
      Source: 'API',
    });
    // The fake's signer and the SDK's validator are independent implementations.
    const params = delivery?.params ?? {};
    expect(
      twilio.validateRequest(
        fake.credentials.authToken,
        delivery?.signature ?? '',
        publicUrl,
        params,
      ),
    ).toBe(true);
    expect(signTwilioRequest(fake.credentials.authToken, publicUrl, params)).toBe(
      delivery?.signature,
    );
  });
});
