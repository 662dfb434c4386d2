// Media reach a provider as a file on disk (the server hands over an upload's temp file):
// provider tests write their bytes to one first. The files live in one temp directory per
// test file, removed after it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

let dir: string | undefined;

/** A new 0600 file holding `bytes`, as an accepted upload leaves it. */
export function mediaFile(bytes: Uint8Array | string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'chat-media-source-'));
  const path = join(dir, `${randomUUID()}.upload`);
  writeFileSync(path, bytes, { mode: 0o600 });
  return path;
}

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
