// What a check works with. RunContext lives for the whole run: options, unique ids, tokens,
// coverage and the conversations to delete at the end. CheckContext lives for one check:
// its violations, its sockets (closed afterwards) and the last thing it did, so that every
// violation can name the request that caused it.
import { randomBytes } from 'node:crypto';
import {
  type BodyOf,
  type OperationId,
  responseViolations,
  type StatusOf,
  statusViolation,
} from './assert.ts';
import { describeRequest, type HttpClient, type HttpExchange } from './http.ts';
import { describeEmit, TestSocket } from './socket-client.ts';
import { CoverageRecorder, isObject } from './spec.ts';
import type { Group, Violation } from './types.ts';

export interface RunOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:3001. */
  url: string;
  /** Longest wait for one response or one expected event. */
  timeoutMs: number;
  /** Bearer token for REST and the socket handshake (`--token`). */
  token: string | undefined;
  /** Obtain a token per identity through generate-token (`--auth`). */
  auth: boolean;
  /** Sent as `X-Token-Issuer-Key` on generate-token, for servers that restrict minting. */
  issuerKey?: string | undefined;
  /** Inputs generated per operation and per client event; 0 turns fuzzing off. */
  fuzzRuns: number;
  seed: number;
  /** Quiet time after a round trip before concluding that an event did not come. */
  settleMs: number;
}

export interface Check {
  name: string;
  group: Group;
  /** The rule(s) the check verifies, one sentence. */
  description: string;
  run(t: CheckContext): Promise<void>;
  /** Round trips beyond the usual handful, so that the deadline scales with them. */
  roundTrips?: number;
}

/** Thrown to stop a check whose further steps depend on something that already failed. */
export class CheckAbort extends Error {
  override name = 'CheckAbort';
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RunContext {
  /** Random per run, so two runs against one server never share data. */
  readonly runId = randomBytes(4).toString('hex');
  readonly coverage = new CoverageRecorder();
  readonly http: HttpClient;
  /** Conversations this run created and has not deleted yet. */
  readonly created = new Set<string>();
  private readonly tokens = new Map<string, Promise<string | undefined>>();
  private counter = 0;

  constructor(
    readonly options: RunOptions,
    makeHttp: (coverage: CoverageRecorder) => HttpClient,
  ) {
    this.http = makeHttp(this.coverage).child((ex) => this.track(ex));
  }

  /** Follows creates and deletes so that cleanup removes exactly what this run made. */
  private track(ex: HttpExchange): void {
    if (ex.status < 200 || ex.status >= 300 || !isObject(ex.json)) return;
    const data = ex.json.data;
    if (ex.operationId === 'createConversation' || ex.operationId === 'createPrivateConversation') {
      if (isObject(data) && typeof data.conversation_sid === 'string' && data.existing !== true) {
        this.created.add(data.conversation_sid);
      }
    }
    if (ex.operationId === 'deleteConversation') {
      const sid = decodeURIComponent(new URL(ex.url).pathname.split('/').pop() ?? '');
      this.created.delete(sid);
    }
  }

  /** A fresh identity such as `cc-1a2b3c4d-7-alice`, valid against the Identity pattern. */
  uniqueId(role: string): string {
    this.counter += 1;
    return `cc-${this.runId}-${this.counter}-${role}`;
  }

  tokenFor(identity: string): Promise<string | undefined> {
    if (this.options.token !== undefined) return Promise.resolve(this.options.token);
    if (!this.options.auth) return Promise.resolve(undefined);
    let pending = this.tokens.get(identity);
    if (!pending) {
      pending = this.http
        .call('generateToken', { json: { user_id: identity }, auth: false })
        .then((ex) =>
          isObject(ex.json) && typeof ex.json.token === 'string' ? ex.json.token : undefined,
        );
      this.tokens.set(identity, pending);
    }
    return pending;
  }

  /** Deletes every conversation this run created; returns what could not be deleted. */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    for (const sid of [...this.created]) {
      try {
        const ex = await this.http.call('deleteConversation', { params: { convoSid: sid } });
        if (ex.status !== 200 && ex.status !== 404) {
          problems.push(`${describeRequest(ex)} → ${ex.status}`);
        }
      } catch (error) {
        problems.push(`DELETE conversation ${sid}: ${(error as Error).message}`);
      }
      this.created.delete(sid);
    }
    return problems;
  }
}

export class CheckContext {
  readonly violations: Violation[] = [];
  readonly http: HttpClient;
  readonly sockets: TestSocket[] = [];
  /** The last request or emit, for violations that arise later (e.g. a bad event). */
  lastAction: string | undefined;

  constructor(
    readonly run: RunContext,
    readonly check: Check,
  ) {
    this.http = run.http.child((ex) => {
      this.lastAction = describeRequest(ex);
    });
  }

  get options(): RunOptions {
    return this.run.options;
  }

  get failed(): boolean {
    return this.violations.length > 0 || this.sockets.some((s) => s.problems.length > 0);
  }

  fail(violation: Violation): void {
    this.violations.push({ ...violation, request: violation.request ?? this.lastAction });
  }

  abort(violation?: Violation): never {
    if (violation) this.fail(violation);
    throw new CheckAbort(violation?.rule ?? 'aborted');
  }

  id(role: string): string {
    return this.run.uniqueId(role);
  }

  /**
   * Judges `ex` as a response of `opId` that should have one of the `expected` statuses;
   * records every violation. True when the response is as expected and conforms.
   */
  judge(ex: HttpExchange, opId: string, expected: number[], rule: string): boolean {
    const problems = responseViolations(ex, opId);
    for (const problem of problems) this.fail(problem);
    if (!expected.includes(ex.status)) {
      this.fail(statusViolation(ex, expected, rule));
      return false;
    }
    return problems.length === 0;
  }

  /** `judge`, returning the body typed as the spec declares it (undefined when not as expected). */
  expect<O extends OperationId, S extends StatusOf<O>>(
    ex: HttpExchange,
    opId: O,
    expected: S[],
    rule: string,
  ): BodyOf<O, S> | undefined {
    return this.judge(ex, opId, expected, rule) ? (ex.json as BodyOf<O, S>) : undefined;
  }

  /** Like `expect`, but the check cannot go on without the body. */
  require<O extends OperationId, S extends StatusOf<O>>(
    ex: HttpExchange,
    opId: O,
    expected: S[],
    rule: string,
  ): BodyOf<O, S> {
    const body = this.expect(ex, opId, expected, rule);
    if (body === undefined) this.abort();
    return body;
  }

  async connect(
    identity: string,
    options: { name?: string; transports?: Array<'websocket' | 'polling'> } = {},
  ): Promise<TestSocket> {
    const socket = await TestSocket.connect({
      url: this.options.url,
      token: await this.run.tokenFor(identity),
      timeoutMs: this.options.timeoutMs,
      transports: options.transports ?? ['websocket'],
      coverage: this.run.coverage,
      name: options.name ?? identity.replace(/^cc-[0-9a-f]+-\d+-/, ''),
      identity,
      cause: () => this.lastAction,
    });
    this.sockets.push(socket);
    return socket;
  }

  emit(socket: TestSocket, event: string, ...args: unknown[]): void {
    this.lastAction = describeEmit(socket.name, event, args);
    socket.emit(event, ...args);
  }

  /**
   * Lets in-flight events arrive: a ping round trip on every connected socket, then a short
   * quiet period. After this, an event that has not arrived is taken as not sent.
   */
  async settle(sockets: TestSocket[] = this.sockets): Promise<void> {
    await Promise.all(sockets.filter((s) => s.connected).map((s) => s.barrier()));
    await sleep(this.options.settleMs);
  }

  /** Closes the check's sockets and adopts what they noticed on their own. */
  dispose(): void {
    for (const socket of this.sockets) {
      socket.close();
      for (const problem of socket.problems) this.violations.push(problem);
    }
  }
}
