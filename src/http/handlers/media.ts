// Tag `media`: uploadMedia, downloadMedia, getMediaContent.
import { BadRequestError } from '../../errors.ts';
import type { HandlerGroup, Services } from '../context.ts';
import { checkFiles, toNewMedia } from '../uploads.ts';

export function mediaHandlers({
  provider,
}: Services): HandlerGroup<'uploadMedia' | 'downloadMedia' | 'getMediaContent'> {
  return {
    async uploadMedia({ path, files }, ctx) {
      if (files.length !== 1) {
        throw new BadRequestError(`exactly one file is required (got ${files.length})`);
      }
      checkFiles(path.kind, files, ['file', 'image', 'audio', 'video']);
      const [file] = files as [(typeof files)[number]];
      const media = await provider.storeMedia(toNewMedia(file));
      const url = `${ctx.baseUrl}/api/media/${media.sid}`;
      return {
        status: 200,
        body: {
          status: 200,
          message: 'File uploaded successfully',
          url,
          data: {
            media_sid: media.sid,
            url,
            content_type: media.contentType,
            size: media.size,
            ...(media.filename ? { filename: media.filename } : {}),
          },
        },
      };
    },

    async downloadMedia({ path }) {
      const { media, bytes } = await provider.readMedia(path.mediaSid);
      return { status: 200, body: { contentType: media.contentType, data: bytes } };
    },

    async getMediaContent({ path }, ctx) {
      const media = await provider.getMedia(path.mediaSid);
      return {
        status: 200,
        body: {
          status: 200,
          message: 'Media content retrieved successfully',
          data: {
            content_type: media.contentType,
            size: media.size,
            url: `${ctx.baseUrl}/api/media/${media.sid}`,
            ...(media.filename ? { filename: media.filename } : {}),
          },
        },
      };
    },
  };
}
