// Runs a selection of checks against one server: reachability first, then each check in
// order under its own deadline, converting every way a check can end (pass, violations,
// blocked by a fixture, no answer) into a CheckResult. When the server stops answering,
// one finding says after what, and the remaining checks are not run (or, with
// --continue-after-crash, run once it is back). Stops early with --bail; cleans up;
// groups the violations into findings.
import { allChecks } from './checks/index.ts';
import {
  type Check,
  CheckAbort,
  CheckContext,
  CheckSkip,
  RunContext,
  type RunOptions,
  sleep,
} from './context.ts';
import { collectFindings, noteRefinds } from './findings.ts';
import { HttpClient, networkReason, TransportError } from './http.ts';
import { SocketConnectError } from './socket-client.ts';
import { builtInContract, contract, isObject } from './spec.ts';
import type { CheckResult, CheckStatus, Crash, Group, RunResult, Violation } from './types.ts';

export interface RunnerOptions extends RunOptions {
  only?: Group;
  grep?: RegExp;
  bail?: boolean;
  /** After the server stops answering, wait up to this long for it to come back (ms). */
  continueAfterCrashMs?: number;
  /** The server is reachable and credentials are in place; checks are about to run. */
  onStart?: (target: string) => void;
  onCheckStart?: (check: Check) => void;
  onCheckEnd?: (result: CheckResult) => void;
}

/** The run cannot start (server unreachable, no token): a usage-level problem, exit 2. */
export class SetupError extends Error {
  override name = 'SetupError';
}

export function selectChecks(
  checks: Check[],
  options: Pick<RunnerOptions, 'only' | 'grep'>,
): Check[] {
  return checks.filter(
    (c) =>
      (!options.only || c.group === options.only) && (!options.grep || options.grep.test(c.name)),
  );
}

/** Undefined when something answers HTTP at `url`; else why not. */
export async function probe(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await fetch(new URL('healthz', url.endsWith('/') ? url : `${url}/`), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return undefined;
  } catch (error) {
    const reason = networkReason(error);
    return `cannot reach ${url}: ${reason === 'timed out' ? `no answer within ${timeoutMs} ms` : reason}`;
  }
}

/** How long one check may take before it is stopped and failed. */
export function checkDeadline(check: Check, options: RunOptions): number {
  const base =
    Math.max(10_000, options.timeoutMs * 8) + (check.roundTrips ?? 0) * options.timeoutMs;
  return check.name.startsWith('fuzz.')
    ? base + options.fuzzRuns * (options.timeoutMs + 200)
    : base;
}

/** The one finding of a server that stopped answering. */
export function crashViolation(after: string, reproduce?: string): Violation {
  return {
    ...(reproduce ? { reproduce } : {}),
    rule: 'the server keeps answering (no input brings it down)',
    expected: 'an answer to every request and emit, and to the probe of GET /healthz afterwards',
    actual: 'no answer: connection refused, reset or timed out',
    request: after,
    key: 'server-stopped',
    title: `the server stopped answering after ${after}`,
  };
}

/**
 * What the selected checks cover, for coverage: everything unless the selection is
 * narrowed by --only/--grep.
 */
function coveredBy(selected: Check[], options: Pick<RunnerOptions, 'only' | 'grep'>) {
  if (!options.only && !options.grep) return undefined;
  const names = new Set(selected.flatMap((c) => c.covers ?? []));
  // --only without --grep selects a whole half of the contract.
  const groups = options.grep ? undefined : new Set<string>(selected.map((c) => c.group));
  return { names, groups };
}

function violationFor(error: unknown): Violation | undefined {
  if (error instanceof CheckAbort) return undefined;
  if (error instanceof TransportError) {
    return {
      rule: 'the server answers every request',
      expected: 'an HTTP response',
      actual: error.reason,
      request: error.request,
    };
  }
  if (error instanceof SocketConnectError) {
    return {
      rule: 'a Socket.IO client can connect to the default namespace at /socket.io',
      expected: 'a completed handshake',
      actual: error.message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    rule: 'the check ran to completion',
    expected: 'no error inside the runner',
    actual: `${error instanceof Error ? error.name : 'error'}: ${message}`,
  };
}

interface Outcome {
  result: CheckResult;
  /** The server stopped answering during this check: after what. */
  crashedAfter?: string;
  /** A script replaying the check's socket traffic up to the crash. */
  crashReproduce?: string;
}

/** A check result without running it (not run after a crash, skipped after --bail). */
function unrun(check: Check, status: CheckStatus): CheckResult {
  return {
    name: check.name,
    group: check.group,
    description: check.description,
    status,
    durationMs: 0,
    violations: [],
    findings: [],
  };
}

/** Whether the check met something that could mean the server is gone. */
function suspicious(error: unknown, t: CheckContext): boolean {
  return (
    error instanceof TransportError ||
    error instanceof SocketConnectError ||
    t.sockets.some((s) => s.dropped !== undefined && /transport/.test(s.dropped))
  );
}

async function runOne(run: RunContext, check: Check): Promise<Outcome> {
  const t = new CheckContext(run, check);
  const started = performance.now();
  const deadline = checkDeadline(check, run.options);
  let timer: NodeJS.Timeout | undefined;
  let blockedBy: CheckResult['blockedBy'];
  let failure: unknown;
  let skipped: string | undefined;
  try {
    await Promise.race([
      check.run(t),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the check did not finish within ${deadline} ms`)),
          deadline,
        );
      }),
    ]);
  } catch (error) {
    if (error instanceof CheckSkip) skipped = error.message;
    else failure = error;
    if (error instanceof CheckAbort && error.blockedAt) {
      blockedBy = { step: error.blockedAt.step, finding: error.blockedAt.key };
    }
  } finally {
    clearTimeout(timer);
  }
  let crashedAfter: string | undefined;
  if (suspicious(failure, t) || failure instanceof Error) {
    // Ask the server itself before blaming the check: is anybody still answering?
    if ((await probe(run.options.url, run.options.timeoutMs)) !== undefined) {
      const drops = t.sockets.filter((s) => s.dropped !== undefined);
      crashedAfter =
        drops[0]?.droppedAfter ??
        (failure instanceof TransportError ? failure.request : undefined) ??
        t.lastAction ??
        run.lastAction?.what ??
        'the start of the run';
    }
  }
  if (crashedAfter !== undefined) {
    // What failed after the crash is its consequence, not a finding of its own.
    const since = t.sockets
      .map((s) => s.droppedAt)
      .filter((at): at is number => at !== undefined)
      .reduce((a, b) => Math.min(a, b), performance.now());
    t.sockets.forEach((s) => {
      s.problems.length = 0;
    });
    t.dropSince(Math.min(since, t.lastActionAt));
    blockedBy = undefined;
  } else if (failure !== undefined) {
    const violation = violationFor(failure);
    if (violation) t.fail(violation);
  }
  t.dispose();
  const own = t.violations.filter((v) => !v.incidental);
  const status: CheckStatus = blockedBy
    ? 'blocked'
    : skipped !== undefined && own.length === 0
      ? 'skipped'
      : own.length > 0 || crashedAfter !== undefined
        ? 'failed'
        : 'passed';
  return {
    result: {
      name: check.name,
      group: check.group,
      description: check.description,
      status,
      durationMs: Math.round(performance.now() - started),
      violations: t.violations,
      findings: [],
      ...(blockedBy ? { blockedBy } : {}),
      ...(skipped !== undefined ? { note: skipped } : {}),
    },
    ...(crashedAfter !== undefined ? { crashedAfter } : {}),
    ...(crashedAfter !== undefined && t.transcript.usesSockets
      ? { crashReproduce: t.transcript.script('the server stops answering: GET /healthz fails') }
      : {}),
  };
}

/** Waits until the server answers again (a supervisor restarted it), up to `ms`. */
async function waitForServer(url: string, ms: number, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if ((await probe(url, Math.min(timeoutMs, 1000))) === undefined) return true;
    await sleep(250);
  }
  return false;
}

/** Gets the REST token for `--auth` (generate-token for the runner's own identity). */
async function obtainToken(run: RunContext): Promise<string> {
  const identity = run.uniqueId('runner');
  const ex = await run.http
    .call('generateToken', { json: { user_id: identity }, auth: false })
    .catch((error: unknown) => {
      throw new SetupError(`cannot obtain a token: ${(error as Error).message}`);
    });
  if (ex.status !== 200 || !isObject(ex.json) || typeof ex.json.token !== 'string') {
    throw new SetupError(`cannot obtain a token: generate-token answered ${ex.status}`);
  }
  return ex.json.token;
}

/** Without credentials every check would fail on 401: say so once instead. */
async function requireNoToken(run: RunContext): Promise<void> {
  // Sent without an operationId: a setup probe does not count as coverage.
  const ex = await run.http
    .send({
      method: 'GET',
      path: run.http.path('listConversations'),
      query: { userId: run.uniqueId('probe') },
    })
    .catch(() => undefined);
  if (ex?.status === 401) {
    throw new SetupError(
      `${run.options.url} requires a bearer token (401 without one): run with --auth or --token <token>`,
    );
  }
}

export async function runConformance(
  options: RunnerOptions,
  checks: Check[] = allChecks(options),
): Promise<RunResult> {
  const startedAt = new Date();
  const started = performance.now();
  for (const url of [options.url, ...(options.peerUrls ?? [])]) {
    const unreachable = await probe(url, options.timeoutMs);
    if (unreachable) throw new SetupError(unreachable);
  }

  let restToken = options.token;
  const run: RunContext = new RunContext(
    options,
    (coverage): HttpClient =>
      new HttpClient({
        baseUrl: options.url,
        get token() {
          return restToken;
        },
        // Requests acting as an identity (author, userId) carry that identity's token.
        tokenFor: (identity): Promise<string | undefined> =>
          restToken === undefined ? Promise.resolve(undefined) : run.tokenFor(identity),
        timeoutMs: options.timeoutMs,
        coverage,
        issuerKey: options.issuerKey,
        members: new Map(),
      }),
  );
  if (options.auth && restToken === undefined) restToken = await obtainToken(run);
  if (restToken === undefined) await requireNoToken(run);

  const selected = selectChecks(checks, options);
  options.onStart?.(options.url);
  const results: CheckResult[] = [];
  const blockers = new Map<string, string>();
  let crash: Crash | undefined;
  let stopped: CheckStatus | undefined;
  for (const check of selected) {
    if (stopped) {
      const skipped = unrun(check, stopped);
      results.push(skipped);
      options.onCheckEnd?.(skipped);
      continue;
    }
    options.onCheckStart?.(check);
    const { result, crashedAfter, crashReproduce } = await runOne(run, check);
    if (result.blockedBy) blockers.set(result.name, result.blockedBy.finding);
    if (crashedAfter !== undefined && !crash) {
      crash = { after: crashedAfter, check: check.name, recovered: false };
      result.violations.push(crashViolation(crashedAfter, crashReproduce));
    }
    results.push(result);
    options.onCheckEnd?.(result);
    if (crashedAfter !== undefined) {
      const wait = options.continueAfterCrashMs ?? 0;
      const back = wait > 0 && (await waitForServer(options.url, wait, options.timeoutMs));
      if (crash) crash.recovered = crash.recovered || back;
      if (!back) stopped = 'not-run';
    }
    if (result.status === 'failed' && options.bail) stopped = stopped ?? 'skipped';
  }
  // Let the server process the last disconnects before deleting what they were in.
  await sleep(options.settleMs);
  const cleanupProblems = stopped === 'not-run' ? [] : await run.cleanup();

  const findings = collectFindings(results, run.observations, blockers);
  noteRefinds(findings, results);
  const count = (status: CheckResult['status']) =>
    results.filter((r) => r.status === status).length;
  return {
    target: options.url,
    ...(contract() !== builtInContract ? { contract: contract().source } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    seed: options.seed,
    fuzzRuns: options.fuzzRuns,
    findings,
    checks: results,
    coverage: run.coverage.report(coveredBy(selected, options)),
    ...(crash ? { crash } : {}),
    summary: {
      total: results.length,
      passed: count('passed'),
      failed: count('failed'),
      blocked: count('blocked'),
      notRun: count('not-run'),
      skipped: count('skipped'),
      findings: findings.length,
    },
    cleanupProblems,
  };
}
