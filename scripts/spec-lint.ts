// `npm run spec:lint [-- files...]`: lints spec/openapi.yaml and spec/asyncapi.yaml (or the
// given documents), prints one `file:line:col severity message (rule)` line per problem and
// a summary, and exits 1 on any error.
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG, DEFAULT_FILES, lintFiles } from './spec/lint.ts';
import { formatProblem, summaryLine } from './spec/problems.ts';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { config: { type: 'string' } },
  });
  const files = positionals.length > 0 ? positionals : DEFAULT_FILES;
  const { problems, documents } = await lintFiles(files, {
    configPath: values.config ?? DEFAULT_CONFIG,
  });
  for (const problem of problems) console.log(formatProblem(problem));
  console.log(summaryLine(problems, documents));
  return problems.some((problem) => problem.severity === 'error') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A defect in the linter itself, not in the spec: still one line, no stack trace.
    console.error(`spec:lint: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
