// Compile-time tests of the generated contract, checked by `tsc --noEmit` (npm test runs it).
// Each `@ts-expect-error` line must fail to compile; if the generated types ever accept
// it, tsc reports the directive as unused and the build fails.
import type { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../generated/events.ts';
import type { GenerateTokenResult, RestHandlers } from '../../generated/rest-handlers.ts';
import type { SendMessageReply, SocketHandlers } from '../../generated/socket-handlers.ts';

declare const io: Server<ClientToServerEvents, ServerToClientEvents>;
declare const client: Socket<ServerToClientEvents, ClientToServerEvents>;
declare const reply: SendMessageReply;
const SID = 'CH0123456789abcdef0123456789abcdef';
const NOW = '2025-12-17T10:30:00.000Z';

// --- REST handler results -------------------------------------------------------------
export const goodToken: RestHandlers['generateToken'] = async () => ({
  status: 200,
  body: { status: 200, message: 'Token generated', token: 'a.b.c' },
});
export const declaredError: RestHandlers['generateToken'] = async () => ({
  status: 400,
  body: { status: 400, message: 'bad' },
});
// @ts-expect-error 404 is not a declared response of generateToken
export const undeclaredStatus: RestHandlers['generateToken'] = async () => ({
  status: 404,
  body: { status: 404, message: 'nope' },
});
// @ts-expect-error `tokn` is not a field of the token response
export const misspelledField: GenerateTokenResult = { status: 200, body: { status: 200, message: 'ok', tokn: 'a.b.c' } };
export const typedInput: RestHandlers['sendMessage'] = async (input) => {
  // @ts-expect-error the body has `author`, not `user`
  input.body.user;
  return {
    status: 200,
    body: {
      status: 200,
      message: 'Message sent successfully',
      data: {
        success: true,
        message_sid: input.path.convoSid.replace('CH', 'IM'),
        body: input.body.body,
        author: input.body.author,
        date_created: NOW,
        media: input.body.media ?? [],
      },
    },
  };
};

// --- Socket.IO event maps ---------------------------------------------------------------
io.on('connection', (socket) => {
  socket.on('send_message', (payload) => {
    socket.emit('message_sent', {
      success: true,
      messageSid: 'IM0123456789abcdef0123456789abcdef',
      conversationSid: payload.conversationSid,
    });
  });
  // @ts-expect-error not a client event of the contract
  socket.on('send_messages', () => {});
  // @ts-expect-error isTyping must be a boolean
  socket.emit('user_typing', { conversationSid: SID, identity: 'u', isTyping: 'yes', timestamp: NOW });
});
client.emit('join_conversation', { conversationSid: SID, identity: 'u' });
// @ts-expect-error payload field is conversationSid, not conversationId
client.emit('join_conversation', { conversationId: SID, identity: 'u' });
client.emit('ping');

// --- Socket handler replies ----------------------------------------------------------------
reply.sender('message_sent', { success: true, messageSid: 'IMx', conversationSid: SID });
// @ts-expect-error send_message may not emit user_typing
reply.sender('user_typing', {
  conversationSid: SID,
  identity: 'u',
  isTyping: true,
  timestamp: NOW,
});
// @ts-expect-error new_message goes to the room, not only to the sender
reply.sender('new_message', {
  conversationSid: SID,
  message: { sid: 'IMx', body: 'b', author: 'u', dateCreated: NOW, media: [] },
  timestamp: NOW,
});
reply.room(SID, 'new_message', {
  conversationSid: SID,
  message: { sid: 'IMx', body: 'b', author: 'u', dateCreated: NOW, media: [] },
  timestamp: NOW,
});
export const pingHandler: SocketHandlers['ping'] = (_payload, r) => {
  r.sender('pong', { timestamp: NOW });
  // @ts-expect-error ping may only answer pong
  r.sender('online_users', { conversationSid: SID, users: [] });
};
