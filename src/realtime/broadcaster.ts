// Room broadcasts that originate outside a socket handler: REST calls and inbound events
// of the back end (an SMS reply reported by a webhook). Transport-neutral: rooms are
// reached through a RoomChannel, which the socket layer implements over Socket.IO (whose
// adapter fans out to other nodes when there are several). Audiences follow asyncapi.yaml:
// new_message and conversation_updated go to the whole room.
import type { ConversationUpdatedPayload, ServerToClientEvents } from '../../generated/events.ts';
import type { InboundEvent, MessageRecord } from '../providers/provider.ts';
import { newMessagePayload } from '../wire.ts';
import type { Presence } from './presence.ts';

/** What a transport offers the broadcaster: emit to a room, empty a room. */
export interface RoomChannel {
  emit<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Takes every connection out of the room. */
  empty(room: string): void;
}

export interface Broadcaster {
  newMessage(message: MessageRecord): void;
  conversationUpdated(conversationSid: string, update: ConversationUpdatedPayload['update']): void;
  /** Tells the room the conversation is gone, then empties the room. */
  conversationDeleted(conversationSid: string): Promise<void>;
}

export function createBroadcaster(rooms: RoomChannel, presence: Presence): Broadcaster {
  const updated = (conversationSid: string, update: ConversationUpdatedPayload['update']) =>
    rooms.emit(conversationSid, 'conversation_updated', {
      conversationSid,
      update,
      timestamp: new Date().toISOString(),
    });
  return {
    newMessage(message) {
      rooms.emit(message.conversationSid, 'new_message', newMessagePayload(message));
    },
    conversationUpdated: updated,
    async conversationDeleted(conversationSid) {
      updated(conversationSid, { type: 'deleted' });
      rooms.empty(conversationSid);
      await presence.clearRoom(conversationSid);
    },
  };
}

/** Where the back end's inbound events go: the room of the conversation they concern. */
export async function broadcastInbound(broadcaster: Broadcaster, event: InboundEvent) {
  switch (event.type) {
    case 'message_added':
      broadcaster.newMessage(event.message);
      return;
    case 'participant_added': {
      const { conversationSid, participantSid, identity, phoneNumber } = event;
      broadcaster.conversationUpdated(conversationSid, {
        type: 'participant_added',
        participantSid,
        ...(identity === undefined ? {} : { identity }),
        ...(phoneNumber === undefined ? {} : { phoneNumber }),
      });
      return;
    }
    case 'conversation_removed':
      await broadcaster.conversationDeleted(event.conversationSid);
      return;
  }
}
