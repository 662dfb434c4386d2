// The generator over the real spec: deterministic, in sync with generated/, and fast.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, generateFiles } from './generate.ts';

describe('npm run generate', () => {
  it('is deterministic and generated/ is what the spec produces', async () => {
    const first = await generateFiles();
    const second = await generateFiles();
    expect([...second]).toEqual([...first]);
    for (const [name, text] of first) {
      expect(readFileSync(path.join(GENERATED_DIR, name), 'utf8'), `generated/${name}`).toBe(text);
    }
  });

  it('marks every file as generated', async () => {
    for (const [name, text] of await generateFiles()) {
      expect(text.slice(0, 200), name).toContain('do not edit; run npm run generate');
    }
  });

  it('validators.js imports nothing, so a browser bundle takes it as is', async () => {
    const file = path.join(GENERATED_DIR, 'validators.js');
    const code = readFileSync(file, 'utf8');
    expect(code).not.toMatch(
      /^\s*import\b|\bimport\(|createRequire|\brequire\(["'](?!ajv\/dist\/runtime\/ucs2length)/m,
    );
    // A browser build with nothing external: any Node built-in or package would fail it.
    const result = await build({
      stdin: { contents: `export * from ${JSON.stringify(file)};`, resolveDir: GENERATED_DIR },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(Object.keys(result.metafile.inputs).sort()).toEqual([
      '<stdin>',
      expect.stringMatching(/validators\.js$/),
    ]);
  });
});
