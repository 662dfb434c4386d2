// Where multipart files land while they arrive: `<DATA_DIR>/uploads` beside the local
// store (0700, files 0600; on the media directory's filesystem, so an accepted file becomes
// a media file by a rename), or a private directory under the OS temp dir when nothing is
// kept on disk (DATA_DIR=:memory:, Twilio mode), removed when the server closes. Files a
// crash (kill -9) left behind are removed at start-up; only those older than any upload
// still in flight could be, so a second process on the same DATA_DIR loses nothing.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const UPLOAD_SUBDIR = 'uploads';
/** Suffix of every temp upload file (nothing else is ever removed from the directory). */
export const UPLOAD_SUFFIX = '.upload';
/** When uploads have no time limit, a temp file this old is still taken as abandoned. */
const STALE_WITHOUT_LIMIT_MS = 60 * 60 * 1000;

export interface UploadDir {
  path: string;
  /** Removes the directory if it was private to this process. */
  close(): void;
}

export interface UploadDirOptions {
  /** The data directory when media are kept on disk; undefined: a private temp dir. */
  dataDir: string | undefined;
  uploadTimeoutMs: number;
  now?: number;
}

export function openUploadDir(options: UploadDirOptions): UploadDir {
  if (options.dataDir === undefined) {
    // mkdtemp creates it 0700.
    const path = mkdtempSync(join(tmpdir(), 'chat-uploads-'));
    return { path, close: () => rmSync(path, { recursive: true, force: true }) };
  }
  const path = join(options.dataDir, UPLOAD_SUBDIR);
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
  const staleAfter =
    options.uploadTimeoutMs > 0 ? 2 * options.uploadTimeoutMs : STALE_WITHOUT_LIMIT_MS;
  removeOrphans(path, (options.now ?? Date.now()) - staleAfter);
  return { path, close: () => undefined };
}

function removeOrphans(dir: string, olderThan: number): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(UPLOAD_SUFFIX)) continue;
    const file = join(dir, name);
    try {
      if (statSync(file).mtimeMs < olderThan) rmSync(file, { force: true });
    } catch {
      // Removed meanwhile by the upload that owned it.
    }
  }
}
