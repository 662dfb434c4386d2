// Development tool, not part of the server: used by the test suites and `npm run demo:twilio`.
// A loopback HTTP server that speaks Twilio's wire protocol for the part of Conversations v1
// (service-scoped) and of the Media Content Service the provider uses: Basic auth with the
// account or API key credentials, form-encoded requests, snake_case JSON, paged lists,
// Twilio's error body. Every request and response is checked against Twilio's OpenAPI
// description (contract.ts); mismatches are answered with an error and kept in
// `violations()` so a test can fail on them. Faults (429/5xx, hanging requests) are
// injected on demand; post-event webhooks are signed and delivered like Twilio's.

import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Operation, TwilioContract, type Violation } from './contract.ts';
import {
  appendMessage,
  type EventParams,
  handlerFor,
  messageEvent,
  notFound,
  TwilioError,
} from './handlers.ts';
import { mintSid, ServiceState } from './state.ts';

export interface TwilioFakeCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  serviceSid: string;
}

export interface TwilioFakeOptions extends Partial<TwilioFakeCredentials> {
  /** Milliseconds since the epoch for resource timestamps (Twilio keeps whole seconds). */
  clock?: () => number;
  /** Called for every request the fake answers (the demo prints them). */
  onCall?: (call: CallRecord) => void;
}

/** A fault for the next `times` matching requests (all operations when `operationId` is unset). */
export type Fault = { operationId?: string; times?: number } & (
  | { status: 429 | 500 | 502 | 503 | 504 }
  | { hang: true }
);

export interface CallRecord {
  operationId: string;
  method: string;
  path: string;
  /** The query string as sent, e.g. `?Order=desc&PageSize=100` ('' when none). */
  query: string;
  /** The status answered, or `hang` for a request the fake never answered. */
  status: number | 'hang';
}

export interface WebhookDelivery {
  eventType: string;
  status: number | 'failed';
}

const BODY_LIMIT = 20 * 1024 * 1024;
const FAULT_MESSAGES: Record<number, [number, string]> = {
  429: [20429, 'Too Many Requests'],
  500: [20500, 'Internal Server Error'],
  502: [20502, 'Bad Gateway'],
  503: [20503, 'Service Unavailable'],
  504: [20504, 'Gateway Timeout'],
};

/** One compiled contract per process: validators compile once per path + method. */
let sharedContract: TwilioContract | undefined;
function contract(): TwilioContract {
  sharedContract ??= new TwilioContract();
  return sharedContract;
}

function hex32(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Twilio's request signature, written out independently of the SDK so the server's
 * verification (which uses the SDK) is checked against a second implementation: HMAC-SHA1
 * of the URL followed by every parameter name and value, names sorted, base64.
 */
export function signTwilioRequest(
  authToken: string,
  url: string,
  params: Record<string, string>,
): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new TwilioError(413, 20413, 'Request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function multiMap(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function errorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export class TwilioFake {
  readonly credentials: TwilioFakeCredentials;
  readonly state: ServiceState;
  private readonly clock: () => number;
  private readonly onCall: ((call: CallRecord) => void) | undefined;
  private readonly server: Server;
  private origin = '';
  private readonly callLog: CallRecord[] = [];
  private readonly violationLog: Violation[] = [];
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly faults: Array<Fault & { remaining: number }> = [];
  private readonly pending = new Set<Promise<unknown>>();
  private webhookOrigin: string | undefined;
  private readonly hooks = new Map<string, () => void | Promise<void>>();
  private readonly webhookSid = mintSid('WH');

  constructor(options: TwilioFakeOptions = {}) {
    this.credentials = {
      accountSid: options.accountSid ?? `AC${hex32()}`,
      authToken: options.authToken ?? hex32(),
      apiKeySid: options.apiKeySid ?? `SK${hex32()}`,
      apiKeySecret: options.apiKeySecret ?? randomBytes(24).toString('base64url'),
      serviceSid: options.serviceSid ?? `IS${hex32()}`,
    };
    this.clock = options.clock ?? Date.now;
    this.onCall = options.onCall;
    this.state = new ServiceState({
      accountSid: this.credentials.accountSid,
      serviceSid: this.credentials.serviceSid,
    });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, errorBody(500, 20500, String(error)));
      });
    });
  }

  /** The fake's origin, e.g. `http://127.0.0.1:41234` (after listen). */
  get url(): string {
    return this.origin;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.origin = `http://${host}:${address.port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Hanging requests and keep-alive sockets would hold close() forever.
      this.server.closeAllConnections();
    });
  }

  calls(): CallRecord[] {
    return [...this.callLog];
  }

  resetCalls(): void {
    this.callLog.length = 0;
  }

  violations(): Violation[] {
    return [...this.violationLog];
  }

  webhookDeliveries(): WebhookDelivery[] {
    return [...this.deliveries];
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /**
   * Runs `hook` once, just before the next request for `operationId` is handled: lets a
   * test change Twilio's state between two of the provider's calls (e.g. another server
   * winning a race).
   */
  beforeNext(operationId: string, hook: () => void | Promise<void>): void {
    this.hooks.set(operationId, hook);
  }

  /** Waits for webhook deliveries in flight. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Sets the service's post-event webhook, as `Configuration/Webhooks` would. */
  configureWebhooks(postWebhookUrl: string, filters: string[]): void {
    this.state.webhooks = { ...this.state.webhooks, postWebhookUrl, filters, method: 'POST' };
  }

  /**
   * Delivers webhooks to `origin` while still signing the configured public URL, like a
   * tunnel in front of a server whose port is only known after it listens.
   */
  routeWebhooksTo(origin: string | undefined): void {
    this.webhookOrigin = origin;
  }

  setUserReachability(identity: string, online: boolean, notifiable: boolean): void {
    const user = this.state.ensureUser(identity, this.clock());
    user.isOnline = online;
    user.isNotifiable = notifiable;
  }

  /**
   * An SMS from `from` to the proxy number `to` arrives: like Twilio, it is added to the
   * active conversation that binds that pair and reported through the post-event webhook.
   */
  async inboundSms(sms: { from: string; to: string; body: string }): Promise<{
    messageSid: string;
    conversationSid: string;
    webhookStatus: number | 'failed' | null;
  }> {
    const participant = this.state.bindingOwner(sms.from, sms.to);
    const conversation = participant && this.state.conversations.get(participant.conversationSid);
    if (!conversation) throw new Error(`no active conversation binds ${sms.from} to ${sms.to}`);
    const message = appendMessage(
      conversation,
      { author: sms.from, body: sms.body, attributes: '{}', media: null },
      this.clock(),
    );
    const webhookStatus = await this.deliver(messageEvent(this.state, message, 'SMS'));
    return { messageSid: message.sid, conversationSid: conversation.sid, webhookStatus };
  }

  /** Fires a post-event webhook when the service is configured for this event type. */
  private deliver(event: EventParams): Promise<number | 'failed' | null> {
    const { postWebhookUrl, filters } = this.state.webhooks;
    if (!postWebhookUrl || !filters.includes(event.EventType)) return Promise.resolve(null);
    const params: Record<string, string> = {
      ...event,
      RetryCount: '0',
      WebhookType: 'webhook',
      WebhookSid: this.webhookSid,
    };
    const signature = signTwilioRequest(this.credentials.authToken, postWebhookUrl, params);
    const published = new URL(postWebhookUrl);
    const target = this.webhookOrigin
      ? `${this.webhookOrigin}${published.pathname}${published.search}`
      : postWebhookUrl;
    const delivery = fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': randomBytes(16).toString('hex'),
      },
      body: new URLSearchParams(params),
    }).then(
      async (res) => {
        await res.arrayBuffer();
        this.deliveries.push({ eventType: event.EventType, status: res.status });
        return res.status;
      },
      () => {
        this.deliveries.push({ eventType: event.EventType, status: 'failed' as const });
        return 'failed' as const;
      },
    );
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
    return delivery;
  }

  private send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
    if (status === 204 || body === undefined) {
      res.writeHead(status).end();
      return;
    }
    const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    res.writeHead(status, { 'content-type': type, 'content-length': payload.length });
    res.end(payload);
  }

  private record(op: string, method: string, url: URL, status: number | 'hang') {
    const call: CallRecord = {
      operationId: op,
      method: method.toUpperCase(),
      path: url.pathname,
      query: url.search,
      status,
    };
    this.callLog.push(call);
    this.onCall?.(call);
  }

  private authorized(header: string | undefined): boolean {
    const match = header ? /^Basic\s+(.+)$/i.exec(header) : null;
    if (!match?.[1]) return false;
    const [user, ...rest] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
    const password = rest.join(':');
    const { accountSid, authToken, apiKeySid, apiKeySecret } = this.credentials;
    return (
      (user === accountSid && password === authToken) ||
      (user === apiKeySid && password === apiKeySecret)
    );
  }

  /** Takes the first fault that matches, counting it down. */
  private takeFault(operationId: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) => fault.operationId === undefined || fault.operationId === operationId,
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  /** Answers a fault; a hanging request is left open until the client gives up. */
  private answerFault(res: ServerResponse, fault: Fault, op: Operation, url: URL): void {
    if ('hang' in fault) {
      this.record(op.operationId, op.method, url, 'hang');
      return;
    }
    const [code, message] = FAULT_MESSAGES[fault.status] ?? [20500, 'Error'];
    const body = errorBody(fault.status, code, message);
    this.check(op, fault.status, body);
    this.record(op.operationId, op.method, url, fault.status);
    this.send(res, fault.status, body);
  }

  private check(op: Operation, status: number, body: unknown): void {
    const errors = contract().validateResponse(op, status, body);
    if (errors.length > 0) {
      this.violationLog.push({ operationId: op.operationId, where: 'response', status, errors });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toLowerCase();
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      const e = error instanceof TwilioError ? error : new TwilioError(400, 20001, 'Bad request');
      this.send(res, e.status, errorBody(e.status, e.code, e.message));
      return;
    }

    if (path.startsWith('/__fake/')) {
      await this.control(method, url, raw, res);
      return;
    }

    const op = contract().match(method, path);
    if (!op) {
      this.violationLog.push({
        operationId: `${method.toUpperCase()} ${path}`,
        where: 'request',
        errors: ["no such operation in Twilio's description of Conversations v1"],
      });
      this.record('unknown', method, url, 404);
      this.send(res, 404, errorBody(404, 20404, `The requested resource ${path} was not found`));
      return;
    }

    if (!this.authorized(req.headers.authorization)) {
      const body = errorBody(401, 20003, 'Authenticate');
      this.check(op, 401, body);
      this.record(op.operationId, method, url, 401);
      this.send(res, 401, body);
      return;
    }

    const fault = this.takeFault(op.operationId);
    if (fault) {
      this.answerFault(res, fault, op, url);
      return;
    }

    const headers = headerMap(req);
    const contentType = headers['content-type'] ?? '';
    const isForm = contentType.startsWith('application/x-www-form-urlencoded');
    const parts = {
      params: op.params,
      query: multiMap(url.searchParams),
      headers,
      body:
        op.operationId === 'CreateMedia'
          ? null
          : multiMap(new URLSearchParams(isForm ? raw.toString('utf8') : '')),
    };
    if (raw.length > 0 && !isForm && op.operationId !== 'CreateMedia') {
      this.violationLog.push({
        operationId: op.operationId,
        where: 'request',
        errors: [`body must be application/x-www-form-urlencoded (got "${contentType}")`],
      });
    }
    const requestErrors = contract().validateRequest(op, parts);
    if (requestErrors.length > 0) {
      this.violationLog.push({
        operationId: op.operationId,
        where: 'request',
        errors: requestErrors,
      });
      const body = errorBody(
        400,
        20001,
        `Request does not match Twilio's contract: ${requestErrors[0]}`,
      );
      this.record(op.operationId, method, url, 400);
      this.send(res, 400, body);
      return;
    }

    let status: number;
    let body: unknown;
    let events: EventParams[] = [];
    try {
      const serviceSid = op.params.ChatServiceSid ?? op.params.ServiceSid;
      if (serviceSid !== this.credentials.serviceSid) throw notFound(path);
      const hook = this.hooks.get(op.operationId);
      if (hook) {
        this.hooks.delete(op.operationId);
        await hook();
      }
      const handler = handlerFor(op.operationId);
      if (!handler) {
        this.violationLog.push({
          operationId: op.operationId,
          where: 'request',
          errors: ['operation is in the description but not implemented by the fake'],
        });
        throw new TwilioError(501, 20501, `The fake does not implement ${op.operationId}`);
      }
      const result = await handler(this.state, {
        op,
        pathname: path,
        query: parts.query,
        body: parts.body ?? {},
        rawBody: raw,
        contentType,
        now: this.clock(),
        origin: this.origin,
      });
      status = result.status;
      body = result.body;
      events = result.events ?? [];
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      status = error.status;
      body = errorBody(error.status, error.code, error.message);
    }
    this.check(op, status, body);
    this.record(op.operationId, method, url, status);
    this.send(res, status, body);
    // Twilio fires webhooks for REST actions only when the request asks for them.
    if (headers['x-twilio-webhook-enabled'] === 'true') {
      for (const event of events) void this.deliver(event);
    }
  }

  /** Test controls, and the bytes behind `content_direct_temporary` (Twilio: a CDN URL). */
  private async control(method: string, url: URL, raw: Buffer, res: ServerResponse) {
    const media = /^\/__fake\/media-content\/(ME[0-9a-f]{32})$/.exec(url.pathname);
    if (method === 'get' && media?.[1]) {
      const fault = this.takeFault('MediaContent');
      if (fault && 'hang' in fault) {
        this.record('MediaContent', method, url, 'hang');
        return;
      }
      const found = this.state.media.get(media[1]);
      const status = fault && 'status' in fault ? fault.status : found ? 200 : 404;
      this.record('MediaContent', method, url, status);
      if (status !== 200 || !found) this.send(res, status, errorBody(status, 20404, 'Not found'));
      else this.send(res, 200, found.bytes, found.contentType);
      return;
    }
    if (method === 'post' && url.pathname === '/__fake/inbound-sms') {
      try {
        const sms = JSON.parse(raw.toString('utf8')) as { from: string; to: string; body: string };
        this.send(res, 200, await this.inboundSms(sms));
      } catch (error) {
        this.send(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (method === 'get' && url.pathname === '/__fake/calls') {
      this.send(res, 200, { calls: this.callLog, violations: this.violationLog });
      return;
    }
    this.send(res, 404, { error: 'unknown fake control route' });
  }
}
