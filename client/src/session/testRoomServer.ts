/**
 * For RoomSession's unit tests: the server, played by the test, behind the
 * socket functions a session is given. Each connection the session opens
 * is a real socket.io-client socket that never touches the network; the
 * test says when it connects or drops and what the server sends, and
 * answers each request.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientEventName, RequestOf, ResponseOf, ServerToClientEvents } from '../../../shared/events.js';
import { RequestError } from '../realtime/requestError.js';
import type { AppSocket, SocketHandlers } from '../realtime/socket.js';
import type { SocketFunctions } from './RoomSession.js';

/** One connection the session opened, with what it was given. */
export interface OpenedConnection {
  readonly socket: AppSocket;
  readonly handlers: SocketHandlers;
  /** The process it was opened to: null for the page's own. */
  readonly serverUrl: string | null;
  /** Times the session asked it to connect again (socket.io does not after the server disconnected it). */
  reconnects: number;
}

/** The server's answer to a request: its data, or a thrown RequestError (a refusal). */
export type Answer = (event: ClientEventName, payload: unknown) => unknown;

export class TestRoomServer {
  /** Every request that reached the server, in order. */
  readonly requests: { event: ClientEventName; payload: unknown }[] = [];
  /** Every connection opened, in order. */
  readonly connections: OpenedConnection[] = [];
  answer: Answer = () => ({});
  private current: OpenedConnection | null = null;
  private isConnected = false;

  /** What a RoomSession is constructed with. */
  readonly socketFunctions: SocketFunctions = {
    open: (handlers, serverUrl) => this.open(handlers, serverUrl),
    close: (socket) => this.close(socket),
    request: (event, payload) => this.request(event, payload),
  };

  /** The connection open now, if the session has one open. */
  get connection(): OpenedConnection | null {
    return this.current;
  }

  /** The requests for `event`, in order. */
  sent(event: ClientEventName): { event: ClientEventName; payload: unknown }[] {
    return this.requests.filter((request) => request.event === event);
  }

  /** The connection open now comes up (the first time, or again): socket.io says `connect`. */
  connect(): void {
    const { socket } = this.opened();
    this.isConnected = true;
    for (const listener of socket.listeners('connect')) listener();
  }

  /** The connection open now drops (`io server disconnect`: the server ended it). */
  drop(reason: Socket.DisconnectReason = 'transport close'): void {
    const { socket } = this.opened();
    this.isConnected = false;
    for (const listener of socket.listeners('disconnect')) listener(reason);
  }

  /** The server sends `event` on the connection open now. */
  send<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    // socket.io's typings cannot resolve a listener for an event name that is still a type parameter.
    for (const listener of this.opened().socket.listeners(event)) (listener as (...sent: Parameters<ServerToClientEvents[E]>) => void)(...args);
  }

  private opened(): OpenedConnection {
    if (!this.current) throw new Error('the session has no connection open');
    return this.current;
  }

  /** As realtime/socket.ts's openSocket: any other connection is closed first. */
  private open(handlers: SocketHandlers, serverUrl: string | null): AppSocket {
    if (this.current) this.close(this.current.socket);
    const socket: AppSocket = io('http://127.0.0.1:9', { autoConnect: false, forceNew: true });
    const opened: OpenedConnection = { socket, handlers, serverUrl, reconnects: 0 };
    socket.connect = () => {
      opened.reconnects += 1;
      return socket;
    };
    this.connections.push(opened);
    this.current = opened;
    return socket;
  }

  private close(socket: AppSocket): void {
    if (this.current?.socket !== socket) return;
    socket.removeAllListeners();
    this.current = null;
    this.isConnected = false;
  }

  /** As realtime/socket.ts's request: refused at once while not connected. */
  private request<E extends ClientEventName>(event: E, payload: RequestOf<E>): Promise<ResponseOf<E>> {
    if (!this.isConnected) return Promise.reject(new RequestError('DISCONNECTED', `not connected (${event})`));
    this.requests.push({ event, payload });
    try {
      // What the test answers stands for the server's data for this event.
      return Promise.resolve(this.answer(event, payload) as ResponseOf<E>);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}
