// Reads the spec as it was at a git ref: finds the base to compare with (the merge base with
// `main` unless told otherwise), copies spec/ at that commit into a temp folder with
// `git show`, and bundles it with the project's bundler.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSpecs, SPEC_DIR, type Specs } from '../bundle.ts';

/** A git problem worth one line to the user (unknown ref, not a repository). */
export class GitError extends Error {
  override name = 'GitError';
}

const PROJECT_DIR = path.dirname(SPEC_DIR);

function git(args: string[], cwd = PROJECT_DIR): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function tryGit(args: string[]): string | undefined {
  try {
    return git(args);
  } catch {
    return undefined;
  }
}

export interface Base {
  /** What the user asked for or what was chosen, e.g. `main`, `v1.2.0`, `HEAD`. */
  ref: string;
  commit: string;
  /** How the base was found, for the report's first line. */
  label: string;
  /** Set when the default base could not be found and a fallback was used. */
  fallback?: string;
}

export function resolveRef(ref: string): string {
  const commit = tryGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit) throw new GitError(`unknown git ref: ${ref}`);
  return commit;
}

/**
 * The commit to compare the working tree with. Default: the merge base of HEAD with `main`
 * (or `origin/main`); in a clone without either (shallow or single-branch CI checkouts)
 * HEAD itself, said in one line. Undefined outside a repository or before the first commit.
 */
export function resolveBase(requested: string | undefined): Base | { none: string } {
  if (tryGit(['rev-parse', '--is-inside-work-tree']) !== 'true') {
    return { none: 'not inside a git repository: no base to compare with' };
  }
  if (requested) return { ref: requested, commit: resolveRef(requested), label: requested };
  const head = tryGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) return { none: 'no commits yet: no base to compare with' };
  for (const candidate of ['main', 'origin/main']) {
    if (!tryGit(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`])) continue;
    const base = tryGit(['merge-base', 'HEAD', candidate]);
    if (base) return { ref: candidate, commit: base, label: `merge base with ${candidate}` };
  }
  return {
    ref: 'HEAD',
    commit: head,
    label: 'HEAD',
    fallback:
      'no `main` or `origin/main` to find a merge base with (shallow or single-branch clone?): comparing with HEAD, i.e. uncommitted changes only; pass --base <ref> to choose',
  };
}

export function shortCommit(commit: string): string {
  return commit.slice(0, 10);
}

/** The bundled spec at a commit, or null when spec/ did not exist there. */
export function loadSpecsAt(commit: string): Specs | null {
  const top = realpathSync(git(['rev-parse', '--show-toplevel']));
  const relative = path.relative(top, realpathSync(SPEC_DIR)).split(path.sep).join('/');
  const listing = git(['ls-tree', '-r', '--name-only', commit, '--', relative], top);
  const files = listing.split('\n').filter((f) => /\.(ya?ml|json)$/.test(f));
  if (!files.some((f) => f === `${relative}/openapi.yaml`)) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'spec-diff-'));
  try {
    for (const file of files) {
      const target = path.join(dir, path.relative(relative, file));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(
        target,
        execFileSync('git', ['show', `${commit}:${file}`], { cwd: top, maxBuffer: 64 << 20 }),
      );
    }
    return loadSpecs(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
