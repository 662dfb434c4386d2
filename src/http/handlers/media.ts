// Tag `media`: uploadMedia, downloadMedia, getMediaContent.
import { BadRequestError } from '../../errors.ts';
import { ok, restMedia } from '../../wire.ts';
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
      const data = { media_sid: media.sid, ...restMedia(media, ctx.baseUrl) };
      // The guide's upload answer also repeats the URL beside `data`.
      const answer = ok('File uploaded successfully', data);
      return { ...answer, body: { ...answer.body, url: data.url } };
    },

    async downloadMedia({ path }) {
      const { media, bytes } = await provider.readMedia(path.mediaSid);
      return { status: 200, body: { contentType: media.contentType, data: bytes } };
    },

    async getMediaContent({ path }, ctx) {
      const media = await provider.getMedia(path.mediaSid);
      return ok('Media content retrieved successfully', restMedia(media, ctx.baseUrl));
    },
  };
}
