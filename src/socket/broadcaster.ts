// Room broadcasts that originate outside a socket handler (REST calls, Twilio webhooks),
// typed by the generated event map. Audiences follow asyncapi.yaml: new_message and
// conversation_updated go to the whole room.
import type { Server } from 'socket.io';
import type { MessageRecord } from '../providers/provider.ts';
import { newMessagePayload } from '../wire.ts';
import type {
  ClientToServerEvents,
  ConversationUpdatedPayload,
  ServerToClientEvents,
} from './payloads.ts';
import type { Presence } from './presence.ts';

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface Broadcaster {
  newMessage(message: MessageRecord): void;
  conversationUpdated(conversationSid: string, update: ConversationUpdatedPayload['update']): void;
  /** Tells the room the conversation is gone, then empties the room. */
  conversationDeleted(conversationSid: string): void;
}

export function createBroadcaster(io: ChatServer, presence: Presence): Broadcaster {
  const updated = (conversationSid: string, update: ConversationUpdatedPayload['update']) =>
    io.to(conversationSid).emit('conversation_updated', {
      conversationSid,
      update,
      timestamp: new Date().toISOString(),
    });
  return {
    newMessage(message) {
      io.to(message.conversationSid).emit('new_message', newMessagePayload(message));
    },
    conversationUpdated: updated,
    conversationDeleted(conversationSid) {
      updated(conversationSid, { type: 'deleted' });
      io.in(conversationSid).socketsLeave(conversationSid);
      presence.clearRoom(conversationSid);
    },
  };
}
