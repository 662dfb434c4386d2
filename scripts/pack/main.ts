// `npm run pack`: builds the installable packages and packs each into dist/packages/
// (@chat-contract/client for frontends, @chat-contract/conformance for QA,
// @chat-contract/server for backend teams). Prints one line per tarball and lists them in
// dist/packages/packages.json (name, file, size, files) for tests and release tooling.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildClient } from './client.ts';
import { buildConformance } from './conformance.ts';
import { buildServer } from './server.ts';
import { DIST_DIR, ROOT } from './shared.ts';

interface PackResult {
  name: string;
  filename: string;
  entryCount: number;
  size: number;
  unpackedSize: number;
}

function npmPack(dir: string): PackResult {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', DIST_DIR], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [result] = JSON.parse(out) as PackResult[];
  if (!result) throw new Error(`npm pack printed nothing in ${dir}`);
  return result;
}

async function main(): Promise<void> {
  const started = performance.now();
  rmSync(DIST_DIR, { recursive: true, force: true });
  mkdirSync(DIST_DIR, { recursive: true });
  const dirs = [buildClient(), await buildConformance(), await buildServer()];
  const listing: PackResult[] = [];
  for (const dir of dirs) {
    const packed = npmPack(dir);
    listing.push(packed);
    const file = path.join(DIST_DIR, packed.filename);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(
      `pack: ${path.relative(ROOT, file)}  ${kib(statSync(file).size)} (${kib(packed.unpackedSize)} unpacked, ${packed.entryCount} files)`,
    );
  }
  const summary = listing.map(({ name, filename, size, unpackedSize, entryCount }) => ({
    name,
    filename,
    size,
    unpackedSize,
    entryCount,
  }));
  writeFileSync(path.join(DIST_DIR, 'packages.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`pack: ${dirs.length} packages in ${Math.round(performance.now() - started)} ms`);
}

await main();
