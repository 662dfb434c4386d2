// What every package build shares: the repository's paths and manifest, a clean staging
// folder per package, and the versions of third-party packages (the root package.json is
// the one place they are pinned, so a package never drifts from what the tests ran).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Staging folders, one per package (build/ is ignored by git). */
export const STAGING_DIR = path.join(ROOT, 'build', 'packages');
/** Where `npm run pack` leaves the tarballs (ignored by git). */
export const DIST_DIR = path.join(ROOT, 'dist', 'packages');

export interface RootManifest {
  version: string;
  license: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export const rootManifest = JSON.parse(
  readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
) as RootManifest;

/** The version range the root manifest gives a third-party package. */
export function versionOf(name: string): string {
  const range =
    rootManifest.dependencies?.[name] ??
    rootManifest.peerDependencies?.[name] ??
    rootManifest.devDependencies?.[name];
  if (!range) throw new Error(`package.json does not list ${name}, which a package imports`);
  return range;
}

/** Package name of a bare import specifier (`ajv/dist/2020.js` → `ajv`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * The run-time dependencies of an esbuild bundle built with `packages: 'external'`: every
 * package it imports, at the root manifest's version. Computed, not listed by hand, so a
 * new import in the runner or the server cannot be forgotten.
 */
export function dependenciesOf(metafile: Metafile): Record<string, string> {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || imported.path.startsWith('node:')) continue;
      names.add(packageName(imported.path));
    }
  }
  return Object.fromEntries([...names].sort().map((name) => [name, versionOf(name)]));
}

/** An empty staging folder for one package. */
export function freshDir(name: string): string {
  const dir = path.join(STAGING_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function writeText(file: string, text: string, mode?: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, mode === undefined ? undefined : { mode });
}

/** Manifest fields every package shares. */
export function commonManifest(): Record<string, unknown> {
  return {
    version: rootManifest.version,
    license: rootManifest.license,
    type: 'module',
    engines: rootManifest.engines ?? { node: '>=20.19' },
  };
}
