// moveFileDurably: a media file arrives by rename when source and media directory share a
// filesystem, and by copy (then the source removed) when they do not.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../../../test/temp-dirs.ts';
import { moveFileDurably } from './media-files.ts';

const tempDir = tempDirsRemovedAfterEach('chat-media-files-');

function crossDevice(): typeof rename {
  return async () => {
    throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
  };
}

describe('moveFileDurably', () => {
  it('renames the file into place, 0600, and answers its size', async () => {
    const dir = tempDir();
    const source = join(dir, 'in.upload');
    writeFileSync(source, 'hello', { mode: 0o644 });
    const inode = statSync(source).ino;
    const target = join(dir, 'ME1');
    expect(await moveFileDurably(source, target)).toBe(5);
    expect(statSync(target).ino).toBe(inode);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(existsSync(source)).toBe(false);
  });

  it('on another filesystem (EXDEV) copies through a temp file, then removes the source', async () => {
    const from = tempDir();
    const to = tempDir();
    const source = join(from, 'in.upload');
    writeFileSync(source, 'across');
    const target = join(to, 'ME2');
    let renames = 0;
    const failingFirst: typeof rename = async (a, b) => {
      renames += 1;
      // Only the cross-directory move fails; the copy's own rename stays within `to`.
      if (renames === 1) return crossDevice()(a, b);
      return rename(a, b);
    };
    expect(await moveFileDurably(source, target, failingFirst)).toBe(6);
    expect(readFileSync(target, 'utf8')).toBe('across');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(existsSync(source)).toBe(false);
    expect(readdirSync(to)).toEqual(['ME2']);
  });

  it('any other failure leaves the source where it was and nothing at the target', async () => {
    const dir = tempDir();
    const source = join(dir, 'in.upload');
    writeFileSync(source, 'kept');
    const target = join(dir, 'missing-dir', 'ME3');
    await expect(moveFileDurably(source, target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readFileSync(source, 'utf8')).toBe('kept');
  });
});
