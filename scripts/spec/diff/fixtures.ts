// Small bundled documents for the rule tables: one REST operation and a few socket events,
// each test edits a copy and diffs it against the original.
import type { Specs } from '../bundle.ts';
import type { JsonObject } from '../json.ts';

export const ITEM: JsonObject = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 10, minLength: 1 },
    kind: { type: 'string', enum: ['a', 'b'] },
    size: { type: ['integer', 'string'] },
    limit: { type: 'integer', default: 10 },
    tags: { type: 'array', items: { type: 'string' } },
    code: { type: 'string', pattern: '^[A-Z]+$' },
    owner: { $ref: '#/components/schemas/Identity' },
  },
};

export function openapi(): JsonObject {
  return {
    openapi: '3.1.0',
    info: { title: 'Fixture', version: '1.0.0' },
    security: [{}, { bearerAuth: [] }],
    paths: {
      '/things/{thingId}': {
        post: {
          operationId: 'postThing',
          parameters: [
            { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'filter',
              in: 'query',
              required: false,
              schema: { type: 'string', default: 'all' },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: structuredClone(ITEM) } },
          },
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    allOf: [
                      { $ref: '#/components/schemas/SuccessEnvelope' },
                      {
                        type: 'object',
                        required: ['data'],
                        properties: { data: structuredClone(ITEM) },
                      },
                    ],
                  },
                },
              },
            },
            '400': { $ref: '#/components/responses/BadRequest' },
          },
        },
      },
      '/other': {
        get: {
          operationId: 'getOther',
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer' },
        issuerKey: { type: 'apiKey', in: 'header', name: 'X-Key' },
      },
      responses: {
        BadRequest: {
          description: 'bad',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } },
          },
        },
      },
      schemas: {
        Identity: { type: 'string', maxLength: 128 },
        SuccessEnvelope: {
          type: 'object',
          required: ['status', 'message'],
          properties: { status: { type: 'integer' }, message: { type: 'string' } },
        },
        ErrorResponse: {
          type: 'object',
          required: ['status', 'message'],
          properties: { status: { type: 'integer' }, message: { type: 'string' } },
        },
      },
    },
  };
}

export function asyncapi(): JsonObject {
  const message = (name: string, payload: JsonObject) => ({ name, payload });
  return {
    asyncapi: '3.0.0',
    info: { title: 'Fixture', version: '1.0.0' },
    channels: { ns: { address: '/' } },
    operations: {
      doThing: {
        action: 'receive',
        channel: { $ref: '#/channels/ns' },
        messages: [{ $ref: '#/components/messages/do_thing' }],
        'x-emits': [
          { event: 'thing_done', to: 'sender' },
          { event: 'thing_seen', to: 'room' },
        ],
      },
      emitThingDone: {
        action: 'send',
        channel: { $ref: '#/channels/ns' },
        messages: [{ $ref: '#/components/messages/thing_done' }],
        'x-audience': 'sender',
      },
      emitThingSeen: {
        action: 'send',
        channel: { $ref: '#/channels/ns' },
        messages: [{ $ref: '#/components/messages/thing_seen' }],
        'x-audience': 'room',
      },
    },
    components: {
      schemas: { Identity: { type: 'string', maxLength: 128 } },
      messages: {
        do_thing: message('do_thing', structuredClone(ITEM)),
        thing_done: message('thing_done', structuredClone(ITEM)),
        thing_seen: message('thing_seen', {
          type: 'object',
          required: ['by'],
          properties: { by: { $ref: '#/components/schemas/Identity' } },
        }),
      },
    },
  };
}

export function specs(): Specs {
  return { openapi: openapi(), asyncapi: asyncapi() };
}
