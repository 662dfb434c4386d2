// `npm run spec:interop [-- --openapi file --asyncapi file]`: the published bundles through
// the ecosystem's validators and generators (scripts/interop/gate.ts). Prints one summary line
// per tool and file, then each problem as `file:line:col severity message (rule)`, grouped
// by tool; exits 1 on any error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { failed, runGate } from './interop/gate.ts';
import { formatProblem } from './spec/problems.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { openapi: { type: 'string' }, asyncapi: { type: 'string' } },
  });
  const started = Date.now();
  const results = await runGate({
    ...(values.openapi ? { openapi: values.openapi } : {}),
    ...(values.asyncapi ? { asyncapi: values.asyncapi } : {}),
    log: (line) => console.error(line),
  });
  // What to fix first: the failing tools lead, each with its findings under it.
  const ordered = [...results].sort(
    (a, b) =>
      Number(b.problems.some((p) => p.severity === 'error')) -
      Number(a.problems.some((p) => p.severity === 'error')),
  );
  for (const result of ordered) {
    const errors = result.problems.filter((problem) => problem.severity === 'error').length;
    const file = path.relative(process.cwd(), result.file) || result.file;
    const verdict = errors === 0 ? 'ok' : `${errors} error${errors === 1 ? '' : 's'}`;
    console.log(`${verdict.padEnd(9)} ${result.tool} ${result.version} — ${file}`);
    for (const problem of result.problems) console.log(`  ${formatProblem(problem)}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const bad = failed(results);
  console.log(
    `spec:interop: ${bad ? 'FAILED' : 'all tools pass'} (${results.length} runs, ${seconds} s)`,
  );
  return bad ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`spec:interop: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
