// Upload limits and content-type rules shared by uploadMedia and sendMessageWithFiles
// (the limits are also written in openapi.yaml). Multer enforces the sizes while
// streaming; the type check runs on every file before anything is stored.
import type { UploadedFile } from '../../generated/rest-handlers.ts';
import { BadRequestError } from '../errors.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

export type UploadKind = 'image' | 'audio' | 'video' | 'file';

const DOCUMENT_TYPES = new Set(['application/pdf', 'text/plain']);

export function isAllowedType(kind: UploadKind, mimetype: string): boolean {
  const family = mimetype.split('/')[0];
  if (kind !== 'file') return family === kind;
  return (
    family === 'image' || family === 'audio' || family === 'video' || DOCUMENT_TYPES.has(mimetype)
  );
}

/** Throws on the first file whose declared type the kind does not accept. */
export function checkFiles(
  kind: UploadKind,
  files: UploadedFile[],
  fields: readonly string[],
): void {
  for (const file of files) {
    if (!fields.includes(file.fieldname)) {
      throw new BadRequestError(
        `unexpected file field "${file.fieldname}" (expected ${fields.join(' or ')})`,
      );
    }
    if (!isAllowedType(kind, file.mimetype)) {
      throw new BadRequestError(
        `${file.originalname || file.fieldname}: content type ${file.mimetype} is not accepted for ${kind} uploads`,
      );
    }
  }
}
