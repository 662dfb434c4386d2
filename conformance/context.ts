// What a check works with. RunContext lives for the whole run: options, unique ids, the
// seeded random source, tokens, coverage, observations no check owns and the conversations
// to delete at the end. CheckContext lives for one check: its violations (one per root
// cause), its sockets (closed afterwards), what it did so far (to name and reproduce the
// cause of a violation) and whether it is inside a fixture step. `defineCheck` is how
// every check is declared.
import { randomBytes } from 'node:crypto';
import { type BodyOf, type OperationId, type StatusOf, statusViolation } from './assert.ts';
import { addOnce, keyOf, type Observation } from './findings.ts';
import { describeRequest, type HttpClient, type HttpExchange } from './http.ts';
import { judgeResponse } from './oracles.ts';
import { Transcript } from './repro.ts';
import { describeEmit, TestSocket } from './socket-client.ts';
import { CoverageRecorder, clientEvents, emitsOf, isObject } from './spec.ts';
import type { Group, Violation } from './types.ts';

export interface RunOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:3001. */
  url: string;
  /**
   * Other nodes of the same server (`--peer-url`): a check's sockets are spread over `url`
   * and these in turn, so that its events cross nodes.
   */
  peerUrls?: string[];
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
  /**
   * Server events whose oracle violations (schema, undeclared, arguments) this check
   * reports. Another check that merely receives them notes them once for the run,
   * without failing.
   */
  owns?: readonly string[];
  /** Operation ids and event names the check exercises (coverage under --only/--grep). */
  covers?: readonly string[];
}

export interface CheckDefinition {
  group: Group;
  /** Name below the suite, e.g. `send_message.routing` → `socket.send_message.routing`. */
  name: string;
  /** Prefix of the full name; the group by default (`fuzz.rest` for fuzz targets). */
  suite?: string;
  description: string;
  run(t: CheckContext): Promise<void>;
  roundTrips?: number;
  owns?: readonly string[];
  covers?: readonly string[];
}

function isClientEvent(name: string): boolean {
  return (clientEvents as readonly string[]).includes(name);
}

/**
 * Declares a check. A socket check named after a client event (`socket.<event>.…`) owns
 * the events that client event declares (x-emits) and covers it; a REST check named after
 * an operation (`rest.<operationId>.…`) covers that operation.
 */
export function defineCheck(def: CheckDefinition): Check {
  const name = `${def.suite ?? def.group}.${def.name}`;
  const first = def.name.split('.')[0] ?? '';
  const event = isClientEvent(first) ? first : undefined;
  const owns = [...(def.owns ?? []), ...(event ? emitsOf(event as never).map((e) => e.event) : [])];
  const covers = [...(def.covers ?? []), first, ...owns];
  return {
    name,
    group: def.group,
    description: def.description,
    run: def.run,
    ...(def.roundTrips ? { roundTrips: def.roundTrips } : {}),
    owns: [...new Set(owns)],
    covers: [...new Set(covers)],
  };
}

/** Thrown to stop a check whose further steps depend on something that already failed. */
export class CheckAbort extends Error {
  override name = 'CheckAbort';
  constructor(
    message: string,
    /** The fixture step that could not go on, when a fixture stopped the check. */
    readonly blockedAt?: { step: string; key: string },
  ) {
    super(message);
  }
}

/** Thrown when a rule does not apply to this server (e.g. a capability it does not have). */
export class CheckSkip extends Error {
  override name = 'CheckSkip';
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RunContext {
  /** Random per run, so two runs against one server never share data. */
  readonly runId = randomBytes(4).toString('hex');
  readonly coverage = new CoverageRecorder();
  readonly http: HttpClient;
  /** Conversations this run created and has not deleted yet. */
  readonly created = new Set<string>();
  /** The one random source of the run (`--seed`): every generated value comes from it. */
  readonly random: () => number;
  /** Oracle violations met by checks that do not own them (one per cause and check). */
  readonly observations: Observation[] = [];
  /** Which check reported an owned event violation first, by cause. */
  readonly reportedBy = new Map<string, string>();
  /** The last request or emit of the run, with the check that made it. */
  lastAction: { what: string; check: string } | undefined;
  private readonly tokens = new Map<string, Promise<string | undefined>>();
  private counter = 0;

  constructor(
    readonly options: RunOptions,
    makeHttp: (coverage: CoverageRecorder) => HttpClient,
  ) {
    this.random = seededRandom(options.seed);
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

  /** A seeded integer in [0, max). */
  randomInt(max: number): number {
    return Math.floor(this.random() * max);
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
  /** When it happened (performance.now()), to tell causes from consequences of a crash. */
  lastActionAt = 0;
  /** REST calls, connects and emits so far, for socket reproductions. */
  readonly transcript = new Transcript();
  /** The last exchange, for curl reproductions of violations recorded after it. */
  private lastExchange: HttpExchange | undefined;
  /** Fixture steps in progress (innermost last). */
  private readonly steps: string[] = [];
  /** When each violation was recorded, by object (see `dropSince`). */
  private readonly recordedAt = new Map<Violation, number>();

  constructor(
    readonly run: RunContext,
    readonly check: Check,
  ) {
    this.http = run.http.child((ex) => {
      this.lastAction = describeRequest(ex);
      this.lastActionAt = performance.now();
      this.lastExchange = ex;
      this.run.lastAction = { what: this.lastAction, check: check.name };
      this.transcript.rest(ex);
      // The response oracles, on every exchange of an operation.
      if (ex.operationId) for (const v of judgeResponse(ex, ex.operationId)) this.fail(v);
    });
  }

  get options(): RunOptions {
    return this.run.options;
  }

  get failed(): boolean {
    return this.violations.length > 0 || this.sockets.some((s) => s.problems.length > 0);
  }

  /** Seeded random number in [0, 1) (`--seed`). */
  random(): number {
    return this.run.random();
  }

  /** Inside a fixture step: violations are the fixture's deviations, not the check's own. */
  get inFixture(): boolean {
    return this.steps.length > 0;
  }

  /**
   * Runs a fixture step: deviations it records do not fail the check by themselves (they
   * are findings of their own); if it cannot go on, the check is blocked at `step`.
   */
  async fixture<T>(step: string, run: () => Promise<T>): Promise<T> {
    this.steps.push(step);
    try {
      return await run();
    } finally {
      this.steps.pop();
    }
  }

  fail(violation: Violation): void {
    const v: Violation = {
      ...violation,
      request: violation.request ?? this.lastAction,
    };
    if (v.reproduce === undefined) {
      const reproduce = this.transcript.usesSockets
        ? this.transcript.script(v.subject ?? v.rule)
        : this.lastExchange?.curl;
      if (reproduce) v.reproduce = reproduce;
    }
    if (this.inFixture) v.incidental = true;
    if (addOnce(this.violations, v)) {
      const added = this.violations[this.violations.length - 1] as Violation;
      this.recordedAt.set(added, performance.now());
    }
  }

  abort(violation?: Violation): never {
    if (violation) this.fail(violation);
    const step = this.steps[this.steps.length - 1];
    const last = this.violations[this.violations.length - 1];
    if (step !== undefined && last) {
      throw new CheckAbort(violation?.rule ?? 'blocked', {
        step: `${step} (${this.lastAction ?? 'no request'})`,
        key: keyOf(last),
      });
    }
    throw new CheckAbort(violation?.rule ?? 'aborted');
  }

  /** Ends the check as not applicable to this server, saying why. */
  skip(reason: string): never {
    throw new CheckSkip(reason);
  }

  /** Forgets the violations recorded at or after `at`: consequences of a crash. */
  dropSince(at: number): void {
    for (let i = this.violations.length - 1; i >= 0; i--) {
      const v = this.violations[i] as Violation;
      if ((this.recordedAt.get(v) ?? 0) >= at) this.violations.splice(i, 1);
    }
  }

  id(role: string): string {
    return this.run.uniqueId(role);
  }

  /**
   * Judges `ex` as a response of `opId` that should have one of the `expected` statuses
   * (the response oracles already ran on it); records the violation. True when the
   * response is as expected and conforms.
   */
  judge(ex: HttpExchange, opId: string, expected: number[], rule: string): boolean {
    const conforms = judgeResponse(ex, opId).length === 0;
    if (!expected.includes(ex.status)) {
      this.fail(statusViolation(ex, expected, rule));
      return false;
    }
    return conforms;
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

  /**
   * Like `expect`, but the check cannot go on without the body. A deviation that still
   * leaves what the check `needs` (a 2xx whose body passes `needs`; by default any JSON
   * object) is recorded and the check goes on; otherwise it stops here.
   */
  require<O extends OperationId, S extends StatusOf<O>>(
    ex: HttpExchange,
    opId: O,
    expected: S[],
    rule: string,
    needs: (body: Record<string, unknown>) => boolean = () => true,
  ): BodyOf<O, S> {
    const body = this.expect(ex, opId, expected, rule);
    if (body !== undefined) return body;
    if (ex.status >= 200 && ex.status < 300 && isObject(ex.json) && needs(ex.json)) {
      return ex.json as BodyOf<O, S>;
    }
    return this.abort();
  }

  async connect(
    identity: string,
    options: { name?: string; transports?: Array<'websocket' | 'polling'> } = {},
  ): Promise<TestSocket> {
    const name = options.name ?? identity.replace(/^cc-[0-9a-f]+-\d+-/, '');
    const token = await this.run.tokenFor(identity);
    // Round robin over the nodes: the check's first socket on --url, the next on a peer, …
    const nodes = [this.options.url, ...(this.options.peerUrls ?? [])];
    const url = nodes[this.sockets.length % nodes.length] ?? this.options.url;
    const base = new URL(url);
    this.transcript.connect(
      name,
      base.origin,
      `${base.pathname.replace(/\/$/, '')}/socket.io`,
      token !== undefined,
    );
    const socket = await TestSocket.connect({
      url,
      token,
      timeoutMs: this.options.timeoutMs,
      transports: options.transports ?? ['websocket'],
      coverage: this.run.coverage,
      name,
      identity,
      cause: () => this.lastAction,
      reproduce: (event) => this.transcript.script(event),
    });
    this.sockets.push(socket);
    return socket;
  }

  emit(socket: TestSocket, event: string, ...args: unknown[]): void {
    this.lastAction = describeEmit(socket.name, event, args);
    this.lastActionAt = performance.now();
    this.run.lastAction = { what: this.lastAction, check: this.check.name };
    this.transcript.emit(socket.name, event, args);
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

  /**
   * Closes the check's sockets and adopts what they noticed on their own: a violation in
   * an event this check owns (or that is not an event's) is the check's; one in an event
   * another check owns is noted once for the run instead.
   */
  dispose(): void {
    const owns = new Set(this.check.owns ?? []);
    for (const socket of this.sockets) {
      socket.close();
      for (const problem of socket.problems) {
        const event = problem.subject;
        if (event === undefined) {
          this.fail(problem);
          continue;
        }
        const key = keyOf(problem);
        const first = this.run.reportedBy.get(key);
        if (owns.has(event) && (first === undefined || first === this.check.name)) {
          this.run.reportedBy.set(key, this.check.name);
          this.fail(problem);
        } else if (
          !this.run.observations.some(
            (o) => o.check === this.check.name && keyOf(o.violation) === key,
          )
        ) {
          this.run.observations.push({ check: this.check.name, violation: { ...problem, key } });
        }
      }
    }
  }
}
