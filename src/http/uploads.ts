// Upload limits and content-type rules shared by uploadMedia and sendMessageWithFiles
// (the limits are also written in openapi.yaml). Multer enforces the sizes while
// streaming; the type check runs on every file before anything is stored.
import type { UploadedFile } from '../../generated/rest-handlers.ts';
import { BadRequestError } from '../errors.ts';
import type { NewMedia } from '../providers/provider.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type UploadKind = 'image' | 'audio' | 'video' | 'file';
const UPLOAD_KINDS: readonly string[] = ['image', 'audio', 'video', 'file'];

export function isUploadKind(value: unknown): value is UploadKind {
  return typeof value === 'string' && UPLOAD_KINDS.includes(value);
}

const DOCUMENT_TYPES = new Set(['application/pdf', 'text/plain']);
/** Image types that are documents able to run script when opened: never accepted. */
const ACTIVE_TYPES = new Set(['image/svg+xml']);
const FILENAME_LIMIT = 255;

export function isAllowedType(kind: UploadKind, mimetype: string): boolean {
  if (ACTIVE_TYPES.has(mimetype)) return false;
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

/** The stored form of an upload: its temp file (never its bytes), a filename within the spec's limit. */
export function toNewMedia(file: UploadedFile): NewMedia {
  return {
    contentType: file.mimetype,
    // Cut by code points (the spec's maxLength), never inside a UTF-16 surrogate pair.
    ...(file.originalname
      ? { filename: Array.from(file.originalname).slice(0, FILENAME_LIMIT).join('') }
      : {}),
    path: file.path,
  };
}

/** Types a browser may render inline from our origin; anything else is served as a download. */
export function isInlineSafe(contentType: string): boolean {
  return /^(image\/(png|jpeg|gif|webp|avif)|audio\/[\w.+-]+|video\/[\w.+-]+)$/.test(contentType);
}
