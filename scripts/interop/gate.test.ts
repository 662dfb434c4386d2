// The interop gate fails on a deliberately broken bundle, naming each tool that refuses it:
// the published bundles with a top-level `$comment` (what the bundler used to write), a
// message payload without a title, and both date spellings declared on SocketMessage.
// (The clean bundles pass: `npm run spec:interop`, part of `npm test`, is that check.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../spec/json.ts';
import { BUNDLES } from './gate.ts';
import { checkModelina, ensureModelina } from './modelina.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'spec-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function broken(
  kind: 'openapi' | 'asyncapi',
  options: { comment: boolean; edit?: (doc: JsonObject) => void },
): string {
  const doc = JSON.parse(readFileSync(BUNDLES[kind], 'utf8')) as JsonObject;
  options.edit?.(doc);
  const file = path.join(dir, `${kind}${options.comment ? '-comment' : ''}.json`);
  const written = options.comment ? { $comment: 'hand-edited', ...doc } : doc;
  writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
  return file;
}

// A payload Modelina can only call AnonymousSchema_N, and both date spellings declared.
function breakModels(doc: JsonObject): void {
  const components = doc.components as unknown as Obj;
  const payload = components.messages?.pong?.payload as { title?: string };
  delete payload.title;
  const socketMessage = components.schemas?.SocketMessage as {
    properties: Record<string, unknown>;
  };
  socketMessage.properties.date_created = { type: 'string' };
}

type Obj = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

describe('spec:interop on broken bundles', () => {
  it('exits 1 on a top-level $comment, naming every tool that refuses it', {
    timeout: 300_000,
  }, () => {
    const openapi = broken('openapi', { comment: true });
    const asyncapi = broken('asyncapi', { comment: true });
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/spec-interop.ts', '--openapi', openapi, '--asyncapi', asyncapi],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const out = result.stdout;
    expect(result.status, `${out}\n${result.stderr}`).toBe(1);
    expect(out).toMatch(/^spec:interop: FAILED/m);
    // The AsyncAPI CLI's `validate` error, reproduced through the parser it uses.
    expect(out).toMatch(/^\d+ errors?\s+@asyncapi\/parser /m);
    expect(out).toMatch(/"\$comment" is not expected to be here \(asyncapi-document-resolved\)/);
    expect(out).toMatch(/^\d+ errors?\s+redocly recommended-strict /m);
    expect(out).toMatch(/^\d+ errors?\s+spectral:oas /m);
    expect(out).toMatch(/^\d+ errors?\s+spectral:asyncapi /m);
    expect(out).toMatch(
      /Modelina cannot generate from the document: Input is not an? correct AsyncAPI/,
    );
    expect(`${out}${result.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('names anonymous models and required fields Modelina makes optional', {
    timeout: 300_000,
  }, async () => {
    ensureModelina();
    const problems = await checkModelina(broken('asyncapi', { comment: false, edit: breakModels }));
    const messages = problems.map((problem) => `${problem.message} (${problem.rule})`);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /AnonymousSchema_\d+: give that schema a title .*\(modelina-named-models\)/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /SocketMessage\.dateCreated is (optional|missing) although the schema requires it/,
      ),
    );
  });
});
