// Command line: parses options with util.parseArgs, runs the selected checks, feeds the
// reporters, and maps the outcome to the exit status: 0 every selected check passed,
// 1 violations found, 2 usage error or the server could not be reached.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { allChecks } from './checks/index.ts';
import type { RunOptions } from './context.ts';
import { ContractError, isUrl, loadContract } from './contract-source.ts';
import { formatBrief, painter } from './reporters/console.ts';
import { createReporter, parseReporter, type ReporterSpec } from './reporters/index.ts';
import { type RunnerOptions, runConformance, SetupError, selectChecks } from './runner.ts';
import { installContract } from './spec.ts';
import type { Group } from './types.ts';

export const EXIT_PASS = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;

export const HELP = `Usage: chat-contract-conformance --url <base-url> [options]
       npm run conformance -- --url http://host:3001 [options]

Checks a running chat server against spec/openapi.yaml and spec/asyncapi.yaml (REST and
Socket.IO), or another version of them (--spec), and reports every violation. It creates its own data (ids cc-<random>-…) and
deletes the conversations it created when it is done.

Options:
  --url <url>            Base URL of the server (required), e.g. http://localhost:3001
  --peer-url <url>       Another node of the same server (a cluster); repeatable. Socket
                         clients are spread over --url and the peers (the first socket of
                         a check, usually the sender, on --url, the rest of the room on the
                         peers), so every routing and presence rule is checked across nodes
  --spec <dir|url>       Check against another version of the contract instead of the
                         built-in one: a folder holding openapi.yaml + asyncapi.yaml
                         (e.g. a draft spec/) or openapi.json + asyncapi.json, or the
                         base URL of a server that publishes its contract at
                         /openapi.json and /asyncapi.json (e.g. --spec http://host:3001)
  --only <rest|socket>   Run only the REST or only the Socket.IO checks
  --grep <pattern>       Run only checks whose name matches this regular expression
  --reporter <r[:file]>  console | json | junit, optionally written to a file; repeatable
                         (default: console). E.g. --reporter junit:reports/conformance.xml
  --timeout <ms>         Longest wait for one response or expected event (default 2000)
  --settle <ms>          Quiet time after a round trip before an event counts as not sent
                         (default 40, 250 with --peer-url: an event crossing nodes may
                         arrive after the receiving node's own round trip); raise it for a
                         remote or slow server
  --bail                 Stop after the first failing check
  --continue-after-crash When the server stops answering, wait for it to come back (e.g.
                         restarted by a supervisor) and go on; without it, the remaining
                         checks are not run
  --crash-wait <s>       With --continue-after-crash: longest wait in seconds (default 60)
  --token <token>        Bearer token for REST and the Socket.IO handshake
  --auth                 Obtain tokens through generate-token (one per identity used)
  --issuer-key <key>     With --auth: X-Token-Issuer-Key for servers that restrict generate-token
  --fuzz <n>             Also run n generated inputs per JSON operation and client event
  --seed <n>             Seed for generated inputs (printed with every run; reuse to reproduce)
  --list                 Print the names of the selected checks and exit
  --help                 Show this help

Output: the console report leads with the findings (one per root cause, most widespread
first, each with an example and a curl line or socket.io-client script reproducing it),
then the checks that did not pass. Whatever the reporters, a short summary is printed
(to stderr when a reporter writes to stdout).

Exit status: 0 all selected checks passed, 1 findings (violations, or the server stopped
answering), 2 usage or connection error.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
}

interface Parsed {
  runner: RunnerOptions;
  /** `--spec`: the folder or base URL to read the contract from. */
  spec?: string;
  reporters: ReporterSpec[];
  list: boolean;
}

function integer(
  name: string,
  value: string | undefined,
  min: number,
): number | string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    return `--${name} must be an integer ≥ ${min} (got "${value}")`;
  }
  return Number(value);
}

/** The options, or a one-line usage error. */
export function parseCli(argv: string[]): Parsed | { help: true } | string {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return (error as Error).message;
  }
  if (values.help) return { help: true };
  if (values.url === undefined) return 'missing --url (e.g. --url http://localhost:3001)';
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    return `--url is not a URL: "${values.url}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `--url must be http:// or https:// (got "${values.url}")`;
  }
  const peerUrls: string[] = [];
  for (const value of values['peer-url'] ?? []) {
    let peer: URL;
    try {
      peer = new URL(value);
    } catch {
      return `--peer-url is not a URL: "${value}"`;
    }
    if (peer.protocol !== 'http:' && peer.protocol !== 'https:') {
      return `--peer-url must be http:// or https:// (got "${value}")`;
    }
    peerUrls.push(peer.toString().replace(/\/$/, ''));
  }
  if (values.spec !== undefined && values.spec.trim() === '') {
    return '--spec needs a folder or a URL (e.g. --spec ./spec or --spec http://host:3001)';
  }
  if (
    values.spec !== undefined &&
    /^[a-z][a-z0-9+.-]*:\/\//i.test(values.spec) &&
    !isUrl(values.spec)
  ) {
    return `--spec must be a folder or an http:// or https:// URL (got "${values.spec}")`;
  }
  if (values.only !== undefined && values.only !== 'rest' && values.only !== 'socket') {
    return `--only must be rest or socket (got "${values.only}")`;
  }
  let grep: RegExp | undefined;
  if (values.grep !== undefined) {
    try {
      grep = new RegExp(values.grep, 'i');
    } catch (error) {
      return `--grep is not a valid regular expression: ${(error as Error).message}`;
    }
  }
  const timeout = integer('timeout', values.timeout, 1);
  const fuzz = integer('fuzz', values.fuzz, 0);
  const seed = integer('seed', values.seed, 0);
  const settle = integer('settle', values.settle, 0);
  const crashWait = values['continue-after-crash']
    ? (integer('crash-wait', values['crash-wait'], 1) ?? 60)
    : undefined;
  for (const n of [timeout, fuzz, seed, settle, crashWait]) if (typeof n === 'string') return n;
  if (values.token !== undefined && values.auth) return 'use either --token or --auth, not both';
  const reporters: ReporterSpec[] = [];
  for (const value of values.reporter ?? ['console']) {
    const spec = parseReporter(value);
    if (typeof spec === 'string') return spec;
    reporters.push(spec);
  }
  const base: RunOptions = {
    url: url.toString().replace(/\/$/, ''),
    timeoutMs: (timeout as number | undefined) ?? 2000,
    token: values.token,
    auth: values.auth ?? false,
    issuerKey: values['issuer-key'],
    fuzzRuns: (fuzz as number | undefined) ?? 0,
    seed: (seed as number | undefined) ?? Math.floor(Math.random() * 2 ** 31),
    settleMs: (settle as number | undefined) ?? (peerUrls.length > 0 ? 250 : 40),
    peerUrls,
  };
  return {
    runner: {
      ...base,
      ...(values.only ? { only: values.only as Group } : {}),
      ...(grep ? { grep } : {}),
      bail: values.bail ?? false,
      ...(crashWait !== undefined ? { continueAfterCrashMs: (crashWait as number) * 1000 } : {}),
    },
    reporters,
    list: values.list ?? false,
    ...(values.spec !== undefined ? { spec: values.spec } : {}),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      spec: { type: 'string' },
      'peer-url': { type: 'string', multiple: true },
      only: { type: 'string' },
      grep: { type: 'string' },
      reporter: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      settle: { type: 'string' },
      bail: { type: 'boolean' },
      'continue-after-crash': { type: 'boolean' },
      'crash-wait': { type: 'string' },
      token: { type: 'string' },
      auth: { type: 'boolean' },
      'issuer-key': { type: 'string' },
      fuzz: { type: 'string' },
      seed: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli(argv);
  if (typeof parsed === 'string') {
    io.stderr(`error: ${parsed}\nRun with --help for usage.\n`);
    return EXIT_USAGE;
  }
  if ('help' in parsed) {
    io.stdout(HELP);
    return EXIT_PASS;
  }
  if (parsed.spec !== undefined) {
    try {
      installContract(await loadContract(parsed.spec, parsed.runner.timeoutMs));
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      io.stderr(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
  }
  try {
    return await runSelected(parsed, io);
  } finally {
    // A later run in the same process builds its checks from the built-in contract again.
    if (parsed.spec !== undefined) installContract();
  }
}

async function runSelected(parsed: Parsed, io: CliIo): Promise<number> {
  const selected = selectChecks(allChecks(parsed.runner), parsed.runner);
  if (selected.length === 0) {
    io.stderr('error: no check matches the selection (--only/--grep); see --list\n');
    return EXIT_USAGE;
  }
  if (parsed.list) {
    io.stdout(`${selected.map((c) => `${c.name}  ${c.description}`).join('\n')}\n`);
    return EXIT_PASS;
  }
  const reporters = parsed.reporters.map((spec) => createReporter(spec, io));
  try {
    const result = await runConformance({
      ...parsed.runner,
      onStart: (target) => {
        const against = parsed.spec === undefined ? '' : ` (contract: ${parsed.spec})`;
        for (const reporter of reporters) reporter.onStart?.(`${target}${against}`);
      },
      onCheckEnd: (r) => {
        for (const reporter of reporters) reporter.onCheckEnd?.(r);
      },
    });
    for (const reporter of reporters) await reporter.onRunEnd(result);
    // A run always says how it went on the console, even with only file reporters.
    const consoleOnStdout = parsed.reporters.some((r) => r.kind === 'console' && !r.file);
    if (!consoleOnStdout) {
      const stdoutTaken = parsed.reporters.some((r) => !r.file);
      (stdoutTaken ? io.stderr : io.stdout)(formatBrief(result, painter(io.color && !stdoutTaken)));
    }
    const s = result.summary;
    return s.findings === 0 && s.failed === 0 && s.blocked === 0 && s.notRun === 0
      ? EXIT_PASS
      : EXIT_VIOLATIONS;
  } catch (error) {
    if (error instanceof SetupError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** Process wiring: real stdout/stderr, colour when stdout is a terminal. */
export async function cli(argv = process.argv.slice(2)): Promise<never> {
  const color =
    process.env.NO_COLOR === undefined &&
    (process.env.FORCE_COLOR !== undefined || process.stdout.isTTY === true);
  const code = await main(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color,
  });
  // Wait for piped output to drain, then exit without waiting for idle keep-alive sockets.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await cli();
