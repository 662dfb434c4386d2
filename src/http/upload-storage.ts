// multer storage that streams each multipart file into a 0600 temp file as its bytes
// arrive (busboy stops it at the size limit), so an upload costs disk, not memory, and a
// refused one never reaches memory at all. multer removes the files of a failed request;
// the router removes the others once the response is done.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StorageEngine } from 'multer';
import { UPLOAD_SUFFIX } from './upload-dir.ts';

export function tempFileStorage(dir: string): StorageEngine {
  return {
    _handleFile(req, file, callback) {
      const path = join(dir, `${randomUUID()}${UPLOAD_SUFFIX}`);
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      // A connection closed mid-file (client gone, or cut off by the upload time limit)
      // leaves the part stream open forever: end the write so the partial file goes.
      const interrupted = () => {
        if (!req.readableEnded) out.destroy(new Error('upload interrupted'));
      };
      req.once('close', interrupted);
      pipeline(file.stream, out)
        .finally(() => req.off('close', interrupted))
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
