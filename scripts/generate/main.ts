// `npm run generate` writes generated/ from spec/; `npm run generate -- --check` (also
// `npm run generate:check`) exits 1 naming the stale files instead. Deterministic output:
// no timestamps, spec order preserved. Prints the time it took.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SpecError } from '../spec/bundle.ts';
import { RefError } from '../spec/json.ts';
import { AccessModelError } from './access.ts';
import { GENERATED_DIR, generateFiles } from './generate.ts';
import { RestModelError } from './rest-model.ts';
import { SocketModelError } from './socket-model.ts';

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(
      'usage: npm run generate [-- --check]\n\nWrites generated/ from spec/. With --check, writes nothing and exits 1 if generated/ is stale.',
    );
    return 0;
  }
  const started = performance.now();
  const files = await generateFiles();
  const existing = new Set(
    readdirSync(GENERATED_DIR, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(GENERATED_DIR, path.join(e.parentPath, e.name))),
  );
  const stale = [...files]
    .filter(([name, text]) => readIfExists(path.join(GENERATED_DIR, name)) !== text)
    .map(([name]) => name);
  const extra = [...existing].filter((name) => !files.has(name));
  const ms = Math.round(performance.now() - started);

  if (values.check) {
    if (stale.length === 0 && extra.length === 0) {
      console.log(`generate --check: generated/ is up to date (${files.size} files, ${ms} ms)`);
      return 0;
    }
    for (const name of stale) console.error(`generated/${name} is stale`);
    for (const name of extra) console.error(`generated/${name} is not produced by the spec`);
    console.error('generate --check: run `npm run generate` and commit the result');
    return 1;
  }
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const name of stale) {
    mkdirSync(path.dirname(path.join(GENERATED_DIR, name)), { recursive: true });
    writeFileSync(path.join(GENERATED_DIR, name), files.get(name) ?? '');
  }
  for (const name of extra) rmSync(path.join(GENERATED_DIR, name));
  console.log(
    `generate: ${files.size} files in generated/ (${stale.length} changed, ${extra.length} removed) in ${ms} ms`,
  );
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (
    error instanceof SpecError ||
    error instanceof RefError ||
    error instanceof RestModelError ||
    error instanceof SocketModelError ||
    error instanceof AccessModelError
  ) {
    console.error(`generate: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
