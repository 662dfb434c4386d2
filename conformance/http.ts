// A small fetch wrapper: builds requests for the spec's operations, enforces the timeout,
// and keeps each request/response pair so a failing check can show exactly what it sent
// and what came back. It records coverage but makes no judgement; assertions do that.
import { type CoverageRecorder, isObject, type Operation, operation } from './spec.ts';

export interface HttpCall {
  method: string;
  /** Path below the base URL, with path parameters already filled in. */
  path: string;
  query?: Record<string, string>;
  /** Serialised with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** Sent verbatim (malformed bodies); `contentType` says what it claims to be. */
  raw?: string;
  contentType?: string;
  form?: FormData;
  /** Send the bearer token (default true when the run has one). */
  auth?: boolean;
  /** The identity the request acts as: its token is sent instead of the run's (see `call`). */
  as?: string;
  /** Extra request headers (they win over the defaults). */
  headers?: Record<string, string>;
  operationId?: string;
}

export interface OperationCall {
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  raw?: string;
  contentType?: string;
  form?: FormData;
  auth?: boolean;
  headers?: Record<string, string>;
}

export interface HttpExchange {
  operationId: string | undefined;
  method: string;
  url: string;
  /** What was sent, abbreviated (JSON text, raw text, or a multipart summary). */
  requestBody: string | undefined;
  status: number;
  contentType: string | null;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  durationMs: number;
  /** The request as a copy-paste `curl` line. */
  curl: string;
}

/** The server did not answer (refused, reset, timed out): no HTTP status to judge. */
export class TransportError extends Error {
  constructor(
    readonly request: string,
    readonly reason: string,
  ) {
    super(`${request}: ${reason}`);
    this.name = 'TransportError';
  }
}

const EXCERPT = 300;

export function excerpt(text: string, limit = EXCERPT): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > limit ? `${flat.slice(0, limit)}… (${text.length} chars)` : flat;
}

/** `{code}` of a fetch failure (ECONNREFUSED, ENOTFOUND, …), or its message. */
export function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function sizeOf(body: string | FormData | undefined): number {
  if (body === undefined) return 0;
  if (typeof body === 'string') return body.length;
  let size = 0;
  for (const [, value] of body.entries())
    size += typeof value === 'string' ? value.length : value.size;
  return size;
}

function describeForm(form: FormData): string {
  const parts: string[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push(`${name}=${JSON.stringify(excerpt(value, 60))}`);
    else parts.push(`${name}=<file ${value.name || '?'} ${value.type || '?'} ${value.size} B>`);
  }
  return `multipart {${parts.join(', ')}}`;
}

/** Single-quoted for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const CURL_BODY_LIMIT = 4096;

/** A `curl` line sending the same request (bodies over 4 KiB are described, not pasted). */
export function curlLine(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | FormData | undefined,
): string {
  const parts = ['curl -i'];
  if (method !== 'GET') parts.push(`-X ${method}`);
  parts.push(shellQuote(url));
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'accept' || (body instanceof FormData && name === 'content-type')) continue;
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (body instanceof FormData) {
    for (const [name, value] of body.entries()) {
      if (typeof value === 'string') parts.push(`-F ${shellQuote(`${name}=${value}`)}`);
      else
        parts.push(
          `-F ${shellQuote(`${name}=@${value.name || 'file'};type=${value.type || 'application/octet-stream'}`)}`,
        );
    }
  } else if (body !== undefined) {
    parts.push(
      body.length > CURL_BODY_LIMIT
        ? `--data-binary @body.json  # a ${body.length}-byte body: ${shellQuote(excerpt(body, 80))}`
        : `--data-raw ${shellQuote(body)}`,
    );
  }
  return parts.join(' ');
}

export function describeRequest(ex: Pick<HttpExchange, 'method' | 'url' | 'requestBody'>): string {
  return `${ex.method} ${ex.url}${ex.requestBody === undefined ? '' : ` ${ex.requestBody}`}`;
}

export function describeResponse(ex: HttpExchange): string {
  const type = ex.contentType ? ` (${ex.contentType})` : '';
  const body = ex.text === '' ? '<empty>' : excerpt(ex.text);
  return `${ex.status}${type} ${body}`;
}

/** The identity named where the operation says the request acts as one, if it is a string. */
function actingAs(where: Operation['actsAs'], call: OperationCall): string | undefined {
  if (!where) return undefined;
  let value: unknown;
  if (where.in === 'path') value = call.params?.[where.name];
  else if (where.in === 'query') value = call.query?.[where.name];
  else if (call.form) value = call.form.get(where.name);
  else if (typeof call.json === 'object' && call.json !== null) {
    value = (call.json as Record<string, unknown>)[where.name];
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface HttpClientOptions {
  baseUrl: string;
  token: string | undefined;
  /** The token for one identity (`--auth`: one per identity), for requests that act as it. */
  tokenFor?: (identity: string) => Promise<string | undefined>;
  timeoutMs: number;
  coverage: CoverageRecorder;
  /** Sent as `X-Token-Issuer-Key` on every generate-token call (`--issuer-key`). */
  issuerKey?: string | undefined;
  /**
   * A participant of each conversation this run created (SID → identity), so that a
   * request on a conversation goes with a member's token: a server that authorizes by
   * participation (spec: x-access participantOf) refuses anyone else.
   */
  members?: Map<string, string>;
}

/** The first participant id of a request body's participant list, e.g. `body.participants`. */
function listedParticipant(address: string | undefined, call: OperationCall): string | undefined {
  if (!address?.startsWith('body.') || typeof call.json !== 'object' || call.json === null) {
    return undefined;
  }
  const list = (call.json as Record<string, unknown>)[address.slice('body.'.length)];
  const id = Array.isArray(list) ? (list[0] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

export class HttpClient {
  private readonly listeners: Array<(exchange: HttpExchange) => void> = [];

  constructor(
    readonly options: HttpClientOptions,
    private readonly parent?: HttpClient,
  ) {}

  /** A client sharing this one's settings whose exchanges also go to `listener`. */
  child(listener: (exchange: HttpExchange) => void): HttpClient {
    const child = new HttpClient(this.options, this);
    child.listeners.push(listener);
    return child;
  }

  private notify(exchange: HttpExchange): void {
    for (const listener of this.listeners) listener(exchange);
    this.parent?.notify(exchange);
  }

  url(path: string, query?: Record<string, string>): string {
    const url = new URL(this.options.baseUrl.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url.toString();
  }

  /** The path of an operation with its parameters filled in (URL-encoded). */
  path(operationId: string, params: Record<string, string> = {}): string {
    return operation(operationId).path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`${operationId}: missing path parameter ${name}`);
      return encodeURIComponent(value);
    });
  }

  /**
   * Calls an operation by its operationId, filling the path template from `params`. An
   * operation that acts as an identity (spec: 403 for another than the token's) is sent
   * with that identity's token.
   */
  call(operationId: string, call: OperationCall = {}): Promise<HttpExchange> {
    const op = operation(operationId);
    const method = op.method.toUpperCase();
    const conversation = op.access.participantOf?.startsWith('path.')
      ? call.params?.[op.access.participantOf.slice('path.'.length)]
      : undefined;
    const as =
      actingAs(op.actsAs, call) ??
      listedParticipant(op.access.includesCaller, call) ??
      (conversation === undefined ? undefined : this.options.members?.get(conversation));
    const issuer =
      operationId === 'generateToken' && this.options.issuerKey !== undefined
        ? { 'x-token-issuer-key': this.options.issuerKey }
        : undefined;
    return this.send({
      ...call,
      ...(issuer ? { headers: { ...issuer, ...call.headers } } : {}),
      method,
      path: this.path(operationId, call.params),
      operationId,
      ...(as === undefined ? {} : { as }),
    });
  }

  async send(call: HttpCall): Promise<HttpExchange> {
    const ex = await this.fetch(this.url(call.path, call.query), call);
    // Remember a member of every conversation created, for later calls on it.
    const creator = listedParticipant(
      call.operationId ? operation(call.operationId).access.includesCaller : undefined,
      call,
    );
    const data = isObject(ex.json) ? ex.json.data : undefined;
    if (
      creator &&
      ex.status === 200 &&
      isObject(data) &&
      typeof data.conversation_sid === 'string'
    ) {
      this.options.members?.set(data.conversation_sid, creator);
    }
    return ex;
  }

  /** GET an absolute URL the server handed out (e.g. a media URL). */
  fetchUrl(url: string, operationId?: string): Promise<HttpExchange> {
    return this.fetch(url, { method: 'GET', path: '', auth: false, operationId });
  }

  private async fetch(url: string, call: HttpCall): Promise<HttpExchange> {
    const headers: Record<string, string> = { accept: 'application/json, */*' };
    // An identity that cannot get a token of its own (e.g. one the spec rejects) is sent
    // with the run's token, so that the server judges the request, not the credentials.
    const own =
      call.as !== undefined && call.auth !== false && this.options.tokenFor
        ? await this.options.tokenFor(call.as)
        : undefined;
    const token = own ?? this.options.token;
    if (token !== undefined && call.auth !== false) headers.authorization = `Bearer ${token}`;
    let body: string | FormData | undefined;
    let requestBody: string | undefined;
    if (call.form) {
      body = call.form;
      requestBody = describeForm(call.form);
    } else if (call.raw !== undefined) {
      body = call.raw;
      headers['content-type'] = call.contentType ?? 'application/json';
      requestBody = excerpt(call.raw);
    } else if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] = call.contentType ?? 'application/json';
      requestBody = excerpt(body);
    }
    Object.assign(headers, call.headers);
    const started = performance.now();
    const described = `${call.method} ${url}${requestBody === undefined ? '' : ` ${requestBody}`}`;
    // Large bodies get time to travel on a busy machine: a second per MiB on top.
    const timeoutMs = this.options.timeoutMs + Math.ceil(sizeOf(body) / 1024 / 1024) * 1000;
    let response: Response | undefined;
    let bytes = new Uint8Array();
    for (let attempt = 1; response === undefined; attempt++) {
      try {
        response = await fetch(url, {
          method: call.method,
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        const reason = networkReason(error);
        // A kept-alive connection the server closed as it was reused: send once more on a
        // fresh one (browsers do the same). A server that is gone is refused the second time.
        if (attempt === 1 && reason === 'ECONNRESET') {
          response = undefined;
          continue;
        }
        throw new TransportError(
          described,
          reason === 'timed out' ? `no answer within ${timeoutMs} ms` : reason,
        );
      }
    }
    const text = new TextDecoder().decode(bytes);
    let json: unknown;
    if (text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const exchange: HttpExchange = {
      operationId: call.operationId,
      method: call.method,
      url,
      requestBody,
      status: response.status,
      contentType: response.headers.get('content-type'),
      headers: response.headers,
      bytes,
      text,
      json,
      durationMs: Math.round(performance.now() - started),
      curl: curlLine(call.method, url, headers, body),
    };
    if (call.operationId) this.options.coverage.response(call.operationId, response.status);
    this.notify(exchange);
    return exchange;
  }
}
