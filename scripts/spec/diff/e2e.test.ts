// End to end: a throwaway repository holding this project's spec and scripts, cloned; in the
// clone a breaking edit is committed on a branch and `spec:diff` must exit 1 naming it, a
// compatible edit must exit 0, a major bump turns the breaking list into release notes,
// and a shallow single-branch clone without `main` falls back in one line.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Spec Diff Test',
  GIT_AUTHOR_EMAIL: 'spec-diff@example.com',
  GIT_COMMITTER_NAME: 'Spec Diff Test',
  GIT_COMMITTER_EMAIL: 'spec-diff@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

let dir = '';
let origin = '';
let clone = '';
// Read from the spec as it is, so the test follows the contract's own evolution.
let identityMax = 0;
let narrowed = 0;
let audience = '';
let otherAudience = '';
let nextMajor = '';
let restVersion = '';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function specDiff(cwd: string, ...args: string[]) {
  return script(cwd, 'cli.ts', ...args);
}

function script(cwd: string, name: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', `scripts/spec/diff/${name}`, '--no-generated', ...args],
    { cwd, env: ENV, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Edits a YAML file of the clone's spec through the yaml library (structure, not text). */
function editYaml(file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const target = path.join(clone, 'spec', file);
  const doc = parseDocument(readFileSync(target, 'utf8'));
  edit(doc);
  writeFileSync(target, doc.toString());
}

function branch(name: string): void {
  git(clone, 'checkout', '-q', '-B', name, 'main');
}

function commit(message: string): void {
  git(clone, 'add', '-A', 'spec');
  git(clone, 'commit', '-q', '-m', message);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spec-diff-e2e-'));
  origin = path.join(dir, 'origin');
  for (const part of ['spec', 'scripts', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(ROOT, part), path.join(origin, part), { recursive: true });
  }
  writeFileSync(path.join(origin, '.gitignore'), 'node_modules\n');
  git(origin, 'init', '-q', '-b', 'main');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'contract');
  const common = parseDocument(readFileSync(path.join(origin, 'spec/schemas/common.yaml'), 'utf8'));
  identityMax = Number(common.getIn(['Identity', 'maxLength']));
  narrowed = identityMax - 1;
  const events = parseDocument(readFileSync(path.join(origin, 'spec/asyncapi.yaml'), 'utf8'));
  audience = String(events.getIn(['operations', 'emitNewMessage', 'x-audience']));
  otherAudience = audience === 'others' ? 'room' : 'others';
  const rest = parseDocument(readFileSync(path.join(origin, 'spec/openapi.yaml'), 'utf8'));
  restVersion = String(rest.getIn(['info', 'version']));
  const major = Number(restVersion.split('.')[0]);
  const socketMajor = Number(String(events.getIn(['info', 'version'])).split('.')[0]);
  nextMajor = `${Math.max(major, socketMajor) + 1}.0.0`;
  clone = path.join(dir, 'clone');
  git(dir, 'clone', '-q', origin, clone);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each run is a fresh Node process bundling two versions of the spec: generous timeouts.
describe('spec:diff in a clone', { timeout: 180_000 }, () => {
  it('exits 0 on a clean checkout of main (the merge base is HEAD)', () => {
    const run = specDiff(clone);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('0 breaking changes, 0 non-breaking');
    expect(run.status).toBe(0);
  });

  it('exits 1 on a committed breaking edit, naming it', () => {
    branch('breaking');
    editYaml('schemas/common.yaml', (doc) => doc.setIn(['Identity', 'maxLength'], narrowed));
    editYaml('asyncapi.yaml', (doc) =>
      doc.setIn(['operations', 'emitNewMessage', 'x-audience'], otherAudience),
    );
    commit('narrow identities, new_message no longer echoed');
    const run = specDiff(clone);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('BREAKING — blocks the merge');
    expect(run.stdout).toContain(`maxLength lowered ${identityMax} → ${narrowed}`);
    expect(run.stdout).toContain('$.components.schemas.Identity.maxLength');
    expect(run.stdout).toContain('GET /api/conversations › query userId');
    expect(run.stdout).toContain(`audience ${audience} → ${otherAudience}`);
    expect(run.stdout).toMatch(/exit 1/);
  });

  it('gives the same findings as Markdown and JSON', () => {
    const md = specDiff(clone, '--format', 'markdown');
    expect(md.status).toBe(1);
    expect(md.stdout).toMatch(/^### ❌ Spec diff: 2 breaking changes/);
    const json = specDiff(clone, '--format', 'json');
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.summary.breaking).toBe(2);
    expect(report.findings.map((f: { path: string }) => f.path)).toContain(
      '$.operations.emitNewMessage.x-audience',
    );
  });

  it('lists breaking changes as release notes when the major is bumped', () => {
    editYaml('openapi.yaml', (doc) => doc.setIn(['info', 'version'], nextMajor));
    editYaml('asyncapi.yaml', (doc) => doc.setIn(['info', 'version'], nextMajor));
    commit(nextMajor);
    const run = specDiff(clone);
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain(
      `release notes of REST (openapi.yaml) ${nextMajor}, Socket.IO (asyncapi.yaml) ${nextMajor}`,
    );
    expect(run.stdout).toContain(`maxLength lowered ${identityMax} → ${narrowed}`);
  });

  it('writes the changelog between two tags, grouped by audience', () => {
    git(clone, 'tag', 'v1.0.0', 'main');
    git(clone, 'tag', 'v2.0.0', 'breaking');
    const out = path.join(dir, 'CHANGES.md');
    const run = script(clone, 'changelog.ts', '--from', 'v1.0.0', '--to', 'v2.0.0', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# Contract changes: v1.0.0 → v2.0.0');
    expect(text).toContain(`REST ${restVersion} → ${nextMajor} (new major)`);
    expect(text).toMatch(
      new RegExp(
        `## Frontend[\\s\\S]*maxLength lowered ${identityMax} → ${narrowed}[\\s\\S]*## Backend[\\s\\S]*## QA`,
      ),
    );
    expect(text).toContain('- `event new_message (server → client)`');
  });

  it('exits 0 on a compatible edit', () => {
    branch('compatible');
    editYaml('openapi.yaml', (doc) =>
      doc.setIn(['paths', '/api/extra'], {
        get: {
          operationId: 'getExtra',
          summary: 'Extra.',
          responses: { '200': { description: 'ok' } },
        },
      }),
    );
    commit('new operation');
    const run = specDiff(clone);
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('0 breaking changes, 1 non-breaking');
    expect(run.stdout).toContain('new operation: servers must implement it');
  });

  it('compares with any ref given with --base', () => {
    const run = specDiff(clone, '--base', 'breaking');
    expect(run.stdout).toContain('spec:diff breaking (');
    // Back from the breaking branch: identities may be longer again in responses.
    expect(run.stdout).toContain(`maxLength raised ${narrowed} → ${identityMax}`);
    expect(run.status).toBe(1);
    const unknown = specDiff(clone, '--base', 'no-such-ref');
    expect(unknown.stderr).toContain('unknown git ref: no-such-ref');
    expect(unknown.status).toBe(2);
  });

  it('falls back to HEAD in one line in a shallow clone without main', () => {
    const shallow = path.join(dir, 'shallow');
    git(dir, 'clone', '-q', '--depth', '1', '--branch', 'breaking', `file://${clone}`, shallow);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(shallow, 'node_modules'), 'dir');
    const run = specDiff(shallow);
    expect(run.status).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('no `main` or `origin/main` to find a merge base with'),
    ]);
  });
});
