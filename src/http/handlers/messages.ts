// Tag `messages`: listMessages, sendMessage, sendMessageWithFiles. Sends are stored first,
// then broadcast as `new_message` to the conversation's room.
import { HISTORY_LIMIT } from '../../../generated/constants.ts';
import { BadRequestError } from '../../errors.ts';
import type { MessageRecord } from '../../providers/provider.ts';
import { mediaUrl, ok, restMessage, restSentMessage } from '../../wire.ts';
import type { HandlerGroup, Services } from '../context.ts';
import { checkFiles, toNewMedia } from '../uploads.ts';

const sent = (message: MessageRecord) => ok('Message sent successfully', restSentMessage(message));

export function messageHandlers({
  provider,
  broadcaster,
}: Services): HandlerGroup<'listMessages' | 'sendMessage' | 'sendMessageWithFiles'> {
  return {
    async listMessages({ path }) {
      const messages = await provider.listMessages(path.convoSid, HISTORY_LIMIT);
      return ok('Messages retrieved successfully', messages.map(restMessage));
    },

    async sendMessage({ path, body }) {
      const message = await provider.sendMessage(path.convoSid, {
        author: body.author,
        body: body.body,
        media: body.media ?? [],
      });
      broadcaster.newMessage(message);
      return sent(message);
    },

    async sendMessageWithFiles({ path, body, files }, ctx) {
      if (files.length === 0) throw new BadRequestError('files: at least one file is required');
      checkFiles('file', files, ['files']);
      // Fail before storing anything when the conversation does not exist.
      await provider.getConversation(path.convoSid);
      const urls: string[] = [];
      for (const file of files) {
        const media = await provider.storeMedia(toNewMedia(file));
        urls.push(mediaUrl(ctx.baseUrl, media.sid));
      }
      const message = await provider.sendMessage(path.convoSid, {
        author: body.author,
        body: body.body ?? '',
        media: urls,
      });
      broadcaster.newMessage(message);
      return sent(message);
    },
  };
}
