// Tag `participants`: addChatParticipant, addSmsParticipant. The room hears about it as
// `conversation_updated` (participant_added).
import { ok } from '../../wire.ts';
import type { HandlerGroup, Services } from '../context.ts';

export function participantHandlers({
  provider,
  broadcaster,
}: Services): HandlerGroup<'addChatParticipant' | 'addSmsParticipant'> {
  return {
    async addChatParticipant({ path, body }) {
      const participant = await provider.addChatParticipant(path.convoSid, body.identity);
      broadcaster.conversationUpdated(path.convoSid, {
        type: 'participant_added',
        participantSid: participant.sid,
        identity: body.identity,
      });
      return ok('Chat participant added successfully', {
        success: true as const,
        participant_sid: participant.sid,
        identity: body.identity,
      });
    },

    async addSmsParticipant({ path, body }) {
      const participant = await provider.addSmsParticipant(path.convoSid, body.phone_number);
      broadcaster.conversationUpdated(path.convoSid, {
        type: 'participant_added',
        participantSid: participant.sid,
        phoneNumber: body.phone_number,
      });
      return ok('SMS participant added successfully', {
        success: true as const,
        participant_sid: participant.sid,
        phone_number: body.phone_number,
      });
    },
  };
}
