// The generator over the real spec: deterministic, in sync with generated/, and fast.
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
});
