// Valid requests for any operation, built from the spec with this run's own data: a valid
// JSON body (the runner's example when it has a better one, else the spec's example), a
// valid multipart form, and valid path/query values (creating the conversation or media a
// SID parameter needs). Negative checks and fuzzing start from these.
import fc from 'fast-check';
import type { CheckContext } from '../context.ts';
import { createConversation } from '../fixtures.ts';
import type { OperationCall } from '../http.ts';
import { form, PNG, TEXT, upload } from '../samples.ts';
import { type Json, type JsonObject, type Operation, type Parameter, REF_NAME } from '../spec.ts';

/** Bodies exercising the optional fields too, so that mutations reach them. */
const BODIES: Record<string, (t: CheckContext) => unknown> = {
  generateToken: (t) => ({ user_id: t.id('token') }),
  createConversation: (t) => ({
    friendly_name: 'Conformance check',
    participants: [
      { id: t.id('alice'), name: 'Alice', image: 'https://example.com/alice.png' },
      { id: t.id('bob'), name: 'Bob' },
    ],
  }),
  createPrivateConversation: (t) => ({
    friendly_name: 'Conformance private',
    participants: [
      { id: t.id('alice'), name: 'Alice', image: 'https://example.com/alice.png' },
      { id: t.id('bob'), name: 'Bob' },
    ],
  }),
  sendMessage: (t) => ({
    body: 'conformance message',
    author: t.id('alice'),
    media: ['https://example.com/image.jpg'],
  }),
  addChatParticipant: (t) => ({ identity: t.id('carol') }),
  addSmsParticipant: () => ({ phone_number: '+15550001234' }),
};

function specExample(op: Operation): unknown {
  const example = op.requestExample;
  return example === undefined ? undefined : structuredClone(example);
}

export function validJsonBody(t: CheckContext, op: Operation): unknown {
  const build = BODIES[op.id];
  return build ? build(t) : specExample(op);
}

/** A valid multipart form for an operation that takes one. */
export function validForm(t: CheckContext, op: Operation): FormData {
  if (op.id === 'sendMessageWithFiles') {
    // Two files: one file alone is the subject of its own check (rest.sendMessageWithFiles.one-file).
    return form(
      [
        ['files', PNG],
        ['files', TEXT],
      ],
      { body: 'with files', author: t.id('alice') },
    );
  }
  return form([['file', TEXT]]);
}

/** A value for a pattern-constrained parameter (e.g. an unknown SID), from the run's seed. */
export function randomMatching(t: Pick<CheckContext, 'random'>, schema: JsonObject): string {
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : '^[a-z]{8}$';
  const [value] = fc.sample(fc.stringMatching(new RegExp(pattern)), {
    numRuns: 1,
    seed: Math.floor(t.random() * 2 ** 31),
  });
  return value ?? '';
}

/** A valid value for a parameter; SIDs refer to things that exist. */
export async function validParam(t: CheckContext, param: Parameter): Promise<string> {
  const schema = param.schema;
  switch (schema[REF_NAME]) {
    case 'ConversationSid':
      return createConversation(t, [t.id('alice')]);
    case 'MediaSid': {
      const ex = await upload(t, 'file', [['file', TEXT]]);
      return t.require(ex, 'uploadMedia', [200], 'a valid upload answers 200').data.media_sid;
    }
    case 'Identity':
      return t.id('user');
  }
  if (Array.isArray(schema.enum) && typeof schema.enum[0] === 'string') return schema.enum[0];
  const examples = schema.examples as Json[] | undefined;
  if (Array.isArray(examples) && typeof examples[0] === 'string') return examples[0];
  return randomMatching(t, schema);
}

/** The body part of a valid call (JSON or multipart), or nothing for body-less operations. */
export function validBodyCall(t: CheckContext, op: Operation): OperationCall {
  if (op.requestBodyTypes.includes('application/json')) return { json: validJsonBody(t, op) };
  if (op.requestBodyTypes.includes('multipart/form-data')) return { form: validForm(t, op) };
  return {};
}

export function isJsonBodyOperation(op: Operation): boolean {
  return op.requestBodyTypes.includes('application/json');
}

export function hasSchemaConstraints(schema: JsonObject): boolean {
  return (
    typeof schema.pattern === 'string' ||
    Array.isArray(schema.enum) ||
    typeof schema.maxLength === 'number' ||
    (typeof schema.minLength === 'number' && schema.minLength > 0) ||
    typeof schema.format === 'string'
  );
}
