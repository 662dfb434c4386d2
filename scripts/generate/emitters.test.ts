// Table tests of the emitters: given a small spec fragment, want this TypeScript.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../spec/bundle.ts';
import { emitRestHandlers, expressPath } from './rest-handlers.ts';
import { readRestModel } from './rest-model.ts';
import { emitSocketHandlers } from './socket-handlers.ts';
import { readSocketModel } from './socket-model.ts';
import { emitEvents } from './socket-types.ts';

const msg = (name: string, payload?: JsonObject) => ({ name, ...(payload ? { payload } : {}) });

function asyncDoc(operations: JsonObject): JsonObject {
  return { asyncapi: '3.0.0', operations };
}

describe('socket model and emitters', () => {
  const doc = asyncDoc({
    hello: {
      action: 'receive',
      messages: [msg('hello', { type: 'object' })],
      'x-emits': [
        { event: 'welcome', to: 'sender' },
        { event: 'arrived', to: 'others' },
      ],
    },
    beat: {
      action: 'receive',
      messages: [msg('beat')],
      'x-emits': [{ event: 'welcome', to: 'sender' }],
    },
    welcome: {
      action: 'send',
      messages: [msg('welcome', { type: 'object' })],
      'x-audience': 'sender',
    },
    arrived: {
      action: 'send',
      messages: [msg('arrived', { type: 'object' })],
      'x-audience': 'others',
    },
  });

  it.each([
    [
      'client event map: payload and no-payload events',
      () => emitEvents(readSocketModel(doc)),
      ['  hello: (payload: HelloPayload) => void;', '  beat: () => void;'],
    ],
    [
      'server event map and audience table',
      () => emitEvents(readSocketModel(doc)),
      ['  welcome: (payload: WelcomePayload) => void;', '  arrived: "others",'],
    ],
    [
      'reply overloads allow only x-emits, per audience',
      () => emitSocketHandlers(readSocketModel(doc)),
      [
        'export interface HelloReply {\n  sender(event: "welcome", payload: WelcomePayload): void;\n  others(conversationSid: string, event: "arrived", payload: ArrivedPayload): void;\n}',
        '  beat(payload: undefined, reply: BeatReply, ctx: Ctx): void | Promise<void>;',
      ],
    ],
  ])('%s', (_name, emit, wanted) => {
    const out = emit();
    for (const snippet of wanted) expect(out).toContain(snippet);
  });

  it.each([
    [
      'a send operation without x-audience',
      { a: { action: 'send', messages: [msg('a')] } },
      'operations.a.x-audience must be sender|room|others',
    ],
    [
      'x-emits naming a client event',
      {
        a: { action: 'receive', messages: [msg('a')], 'x-emits': [{ event: 'a', to: 'sender' }] },
      },
      'operations.a.x-emits names a, which is not a server event',
    ],
    [
      'an unknown audience',
      { a: { action: 'receive', messages: [msg('a')], 'x-emits': [{ event: 'b', to: 'all' }] } },
      'operations.a.x-emits[0] must be {event, to: sender|room|others}',
    ],
    [
      'an event carried twice',
      {
        a: { action: 'send', messages: [msg('x')], 'x-audience': 'room' },
        b: { action: 'send', messages: [msg('x')], 'x-audience': 'room' },
      },
      'event x is carried by two operations',
    ],
  ])('rejects %s with a message naming the place', (_name, operations, message) => {
    expect(() => readSocketModel(asyncDoc(operations as JsonObject))).toThrow(message);
  });
});

describe('rest model and handler emitter', () => {
  const openapi: JsonObject = {
    openapi: '3.1.0',
    paths: {
      '/things/{id}': {
        post: {
          operationId: 'saveThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: {
            '404': { description: 'x', content: { 'application/json': { schema: {} } } },
            '200': { description: 'x', content: { 'application/json': { schema: {} } } },
          },
        },
      },
      '/files': {
        post: {
          operationId: 'upload',
          requestBody: {
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: {
                    note: { type: 'string' },
                    files: { type: 'array', items: { type: 'string', format: 'binary' } },
                  },
                },
              },
            },
          },
          responses: { '200': { description: 'x', content: { '*/*': { schema: {} } } } },
        },
      },
    },
  };

  it.each([
    ['/a/{b}/c/{d}', '/a/:b/c/:d'],
    ['/plain', '/plain'],
  ])('expressPath(%s) = %s', (input, want) => {
    expect(expressPath(input)).toBe(want);
  });

  it.each([
    [
      'input with typed path and body',
      "export interface SaveThingInput {\n  path: operations[\"saveThing\"]['parameters']['path'];\n  body: operations[\"saveThing\"]['requestBody']['content']['application/json'];\n}",
    ],
    [
      'result union of exactly the declared statuses, ascending',
      "export type SaveThingResult =\n  | { status: 200; body: operations[\"saveThing\"]['responses'][200]['content']['application/json'] }\n  | { status: 404; body: operations[\"saveThing\"]['responses'][404]['content']['application/json'] };",
    ],
    [
      'multipart: binary fields become files',
      "  body: Omit<operations[\"upload\"]['requestBody']['content']['multipart/form-data'], \"files\">;\n  files: UploadedFile[];",
    ],
    [
      'an uploaded file is handed over as its temp file on disk, never its bytes',
      '  size: number;\n  /** Where the file was received on disk: the handler stores it from there (it is removed once the response is done). */\n  path: string;\n}',
    ],
    ['non-JSON response is a binary body', '  | { status: 200; body: BinaryBody };'],
    [
      'route table entry',
      '{ operationId: "saveThing", method: "post", path: "/things/{id}", expressPath: "/things/:id", requestBody: "application/json", fileFields: [], maxFiles: 0, bearerAuth: false, successContentType: "application/json" },',
    ],
  ])('%s', (_name, snippet) => {
    expect(emitRestHandlers(readRestModel(openapi))).toContain(snippet);
  });

  it('rejects an operation without operationId', () => {
    expect(() => readRestModel({ paths: { '/x': { get: { responses: {} } } } })).toThrow(
      'GET /x has no operationId',
    );
  });
});
