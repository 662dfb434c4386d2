// Tag `messages`: listMessages, sendMessage, sendMessageWithFiles. Sends are stored first,
// then broadcast as `new_message` to the conversation's room.
import { BadRequestError } from '../../errors.ts';
import type { MessageRecord } from '../../providers/provider.ts';
import { restMessage } from '../../wire.ts';
import type { HandlerGroup, Services } from '../context.ts';
import { checkFiles, toNewMedia } from '../uploads.ts';
import { HISTORY_LIMIT } from './conversations.ts';

function sent(message: MessageRecord) {
  return {
    status: 200 as const,
    body: {
      status: 200 as const,
      message: 'Message sent successfully',
      data: {
        success: true as const,
        message_sid: message.sid,
        body: message.body,
        author: message.author,
        date_created: message.dateCreated.toISOString(),
        media: message.media,
      },
    },
  };
}

export function messageHandlers({
  provider,
  broadcaster,
}: Services): HandlerGroup<'listMessages' | 'sendMessage' | 'sendMessageWithFiles'> {
  return {
    async listMessages({ path }) {
      const messages = await provider.listMessages(path.convoSid, HISTORY_LIMIT);
      return {
        status: 200,
        body: {
          status: 200,
          message: 'Messages retrieved successfully',
          data: messages.map(restMessage),
        },
      };
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
        urls.push(`${ctx.baseUrl}/api/media/${media.sid}`);
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
