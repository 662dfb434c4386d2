// A small typed client for frontends: REST through openapi-fetch over the generated
// `paths`, Socket.IO through socket.io-client over the generated event maps. Imports
// nothing from the server. Published as `@chat-contract/client` (npm run pack).
import createFetchClient from 'openapi-fetch';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../generated/events.ts';
import type { paths } from '../../generated/rest.ts';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ChatClientOptions {
  /** Bearer token from `generate-token`, sent on REST calls and in the socket handshake. */
  token?: string;
  socket?: Partial<ManagerOptions & SocketOptions>;
  fetch?: typeof fetch;
}

export function createChatClient(baseUrl: string, options: ChatClientOptions = {}) {
  const { token } = options;
  const rest = createFetchClient<paths>({
    baseUrl,
    ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  /** Opens a socket with the transports the frontend guide uses. */
  const connectSocket = (): ChatSocket =>
    io(baseUrl, {
      transports: ['websocket', 'polling'],
      ...(token ? { auth: { token } } : {}),
      ...options.socket,
    });
  return { rest, connectSocket };
}
