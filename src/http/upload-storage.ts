// multer storage that streams each multipart file into a 0600 temp file as its bytes
// arrive (busboy stops it at the size limit), so an upload costs disk, not memory, and a
// refused one never reaches memory at all; an accepted one reaches the handler as its file.
// multer removes the files of a failed request; the router removes the others once the
// response and the handler are done (the local store has moved them away by then).
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StorageEngine } from 'multer';
import { UPLOAD_SUFFIX } from './upload-dir.ts';

/**
 * The temp-file writes still open, per request. One 'close' listener per request ends
 * them all: a listener per file part would pile up past Node's listener limit (and warn)
 * on a request with many parts.
 */
const openWrites = new WeakMap<IncomingMessage, Set<WriteStream>>();

function track(req: IncomingMessage, out: WriteStream): () => void {
  let writes = openWrites.get(req);
  if (writes === undefined) {
    const all = new Set<WriteStream>();
    openWrites.set(req, all);
    // A connection closed mid-file (client gone, or cut off by the upload time limit)
    // leaves the part streams open forever: end their writes so the partial files go.
    req.once('close', () => {
      if (req.readableEnded) return;
      for (const write of all) write.destroy(new Error('upload interrupted'));
    });
    writes = all;
  }
  writes.add(out);
  return () => writes.delete(out);
}

export function tempFileStorage(dir: string): StorageEngine {
  return {
    _handleFile(req, file, callback) {
      const path = join(dir, `${randomUUID()}${UPLOAD_SUFFIX}`);
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      const untrack = track(req, out);
      pipeline(file.stream, out)
        .finally(untrack)
        .then(
          () => callback(null, { path, size: out.bytesWritten }),
          (error: unknown) => {
            rm(path, { force: true }).finally(() => callback(error as Error));
          },
        );
    },
    _removeFile(_req, file, callback) {
      rm(file.path, { force: true }).then(
        () => callback(null),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}
