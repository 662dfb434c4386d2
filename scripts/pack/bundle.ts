// Node programs (the conformance runner, the server) as one ES module each: esbuild bundles
// our TypeScript and the generated artifacts, leaves every npm package external and reports
// which ones, so the package's `dependencies` are exactly what the bundle imports.
import path from 'node:path';
import { build } from 'esbuild';
import { dependenciesOf, ROOT, writeText } from './shared.ts';

export interface Bundled {
  dependencies: Record<string, string>;
}

/** Bundles `entry` (relative to the repository) into `outFile`. */
export async function bundleProgram(entry: string, outFile: string): Promise<Bundled> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    legalComments: 'inline',
    logLevel: 'warning',
  });
  return { dependencies: dependenciesOf(result.metafile) };
}

/** A bin script that runs `module` (relative to the bin folder) through `call`. */
export function writeBin(file: string, body: string): void {
  writeText(file, `#!/usr/bin/env node\n${body}\n`, 0o755);
}
