// Runs a selection of checks against one server: reachability first, then each check in
// order under its own deadline, converting every way a check can end (pass, violations,
// no answer, crash) into a CheckResult; stops early with --bail; cleans up afterwards.
import { allChecks } from './checks/index.ts';
import {
  type Check,
  CheckAbort,
  CheckContext,
  RunContext,
  type RunOptions,
  sleep,
} from './context.ts';
import { HttpClient, networkReason, TransportError } from './http.ts';
import { SocketConnectError } from './socket-client.ts';
import { isObject } from './spec.ts';
import type { CheckResult, Group, RunResult, Violation } from './types.ts';

export interface RunnerOptions extends RunOptions {
  only?: Group;
  grep?: RegExp;
  bail?: boolean;
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

async function runOne(run: RunContext, check: Check): Promise<CheckResult> {
  const t = new CheckContext(run, check);
  const started = performance.now();
  const deadline = checkDeadline(check, run.options);
  let timer: NodeJS.Timeout | undefined;
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
    const violation = violationFor(error);
    if (violation) t.fail(violation);
  } finally {
    clearTimeout(timer);
    t.dispose();
  }
  return {
    name: check.name,
    group: check.group,
    description: check.description,
    status: t.violations.length === 0 ? 'passed' : 'failed',
    durationMs: Math.round(performance.now() - started),
    violations: t.violations,
  };
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
  const unreachable = await probe(options.url, options.timeoutMs);
  if (unreachable) throw new SetupError(unreachable);

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
      }),
  );
  if (options.auth && restToken === undefined) restToken = await obtainToken(run);
  if (restToken === undefined) await requireNoToken(run);

  const selected = selectChecks(checks, options);
  options.onStart?.(options.url);
  const results: CheckResult[] = [];
  let bailed = false;
  for (const check of selected) {
    if (bailed) {
      const skipped: CheckResult = {
        name: check.name,
        group: check.group,
        description: check.description,
        status: 'skipped',
        durationMs: 0,
        violations: [],
      };
      results.push(skipped);
      options.onCheckEnd?.(skipped);
      continue;
    }
    options.onCheckStart?.(check);
    const result = await runOne(run, check);
    results.push(result);
    options.onCheckEnd?.(result);
    if (result.status === 'failed' && options.bail) bailed = true;
  }
  // Let the server process the last disconnects before deleting what they were in.
  await sleep(options.settleMs);
  const cleanupProblems = await run.cleanup();

  const count = (status: CheckResult['status']) =>
    results.filter((r) => r.status === status).length;
  return {
    target: options.url,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    seed: options.seed,
    fuzzRuns: options.fuzzRuns,
    checks: results,
    coverage: run.coverage.report(),
    summary: {
      total: results.length,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
    },
    cleanupProblems,
  };
}
