// Tag `conversations`: createConversation, createPrivateConversation, listConversations,
// listUserConversations, deleteConversation.

import { HISTORY_LIMIT, LIST_LIMIT } from '../../../generated/constants.ts';
import { BadRequestError } from '../../errors.ts';
import type { ParticipantInfo } from '../../providers/provider.ts';
import { ok, restConversation, restMessage } from '../../wire.ts';
import type { HandlerGroup, Services } from '../context.ts';

const NAME_LIMIT = 256;

/** The seed's default name: `<id>_<name>_` per participant joined by `+`; images never. */
export function defaultFriendlyName(participants: ParticipantInfo[]): string {
  return participants
    .map((p) => `${p.id}_${p.name}_`)
    .join('+')
    .slice(0, NAME_LIMIT);
}

export function conversationHandlers({
  provider,
  broadcaster,
}: Services): HandlerGroup<
  | 'createConversation'
  | 'createPrivateConversation'
  | 'listConversations'
  | 'listUserConversations'
  | 'deleteConversation'
> {
  // With a token the authorization step has already scoped the filter to the caller.
  const list = async (identity: string | undefined) => {
    const conversations = await provider.listConversations({
      ...(identity === undefined ? {} : { identity }),
      limit: LIST_LIMIT,
    });
    return ok('Conversations retrieved successfully', conversations.map(restConversation));
  };

  return {
    async createConversation({ body }) {
      const conversation = await provider.createConversation({
        friendlyName: body.friendly_name || defaultFriendlyName(body.participants),
        participants: body.participants,
      });
      return ok('Conversation created successfully', {
        success: true as const,
        conversation_sid: conversation.sid,
        friendly_name: conversation.friendlyName,
        participants: conversation.participants,
      });
    },

    async createPrivateConversation({ body }) {
      if (new Set(body.participants.map((p) => p.id)).size < 2) {
        throw new BadRequestError('participants must name at least two different ids');
      }
      const { conversation, existing } = await provider.findOrCreatePrivateConversation({
        friendlyName: body.friendly_name || defaultFriendlyName(body.participants),
        participants: body.participants,
      });
      const base = {
        success: true as const,
        conversation_sid: conversation.sid,
        friendly_name: conversation.friendlyName,
        participants: conversation.participants,
      };
      const data = existing
        ? {
            ...base,
            existing: true as const,
            messages: (await provider.listMessages(conversation.sid, HISTORY_LIMIT)).map(
              restMessage,
            ),
          }
        : { ...base, existing: false as const };
      return ok('Private conversation created successfully', data);
    },

    listConversations: ({ query }) => list(query.userId),

    listUserConversations: ({ path }) => list(path.userId),

    async deleteConversation({ path }) {
      await provider.deleteConversation(path.convoSid);
      await broadcaster.conversationDeleted(path.convoSid);
      const message = 'Conversation deleted successfully';
      return ok(message, { success: true as const, message });
    },
  };
}
