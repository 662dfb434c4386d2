// generated/constants.ts: the values code needs from the spec as constants, so that no
// module keeps a hand copy of a pattern or a limit (SID shapes, history and list windows,
// the size of a room that still gets the full online list).
import type { JsonObject } from '../spec/json.ts';

interface Source {
  doc: 'openapi' | 'asyncapi';
  schema: string;
  keyword: 'pattern' | 'maxItems' | 'maxLength';
  summary: string;
}

const CONSTANTS: Record<string, Source> = {
  CONVERSATION_SID: {
    doc: 'openapi',
    schema: 'ConversationSid',
    keyword: 'pattern',
    summary: 'A conversation SID (`CH` + 32 lowercase hex digits).',
  },
  MESSAGE_SID: {
    doc: 'openapi',
    schema: 'MessageSid',
    keyword: 'pattern',
    summary: 'A message SID (`IM` + 32 lowercase hex digits).',
  },
  PARTICIPANT_SID: {
    doc: 'openapi',
    schema: 'ParticipantSid',
    keyword: 'pattern',
    summary: 'A participant SID (`MB` + 32 lowercase hex digits).',
  },
  MEDIA_SID: {
    doc: 'openapi',
    schema: 'MediaSid',
    keyword: 'pattern',
    summary: 'A media SID (`ME` + 32 lowercase hex digits).',
  },
  IDENTITY: {
    doc: 'openapi',
    schema: 'Identity',
    keyword: 'pattern',
    summary: 'The characters an identity may hold (length: IDENTITY_MAX_LENGTH).',
  },
  IDENTITY_MAX_LENGTH: {
    doc: 'openapi',
    schema: 'Identity',
    keyword: 'maxLength',
    summary: 'The longest identity.',
  },
  PHONE_NUMBER: {
    doc: 'openapi',
    schema: 'PhoneNumber',
    keyword: 'pattern',
    summary: 'An E.164 phone number.',
  },
  HISTORY_LIMIT: {
    doc: 'openapi',
    schema: 'MessageHistory',
    keyword: 'maxItems',
    summary: 'How many of the last messages history returns.',
  },
  LIST_LIMIT: {
    doc: 'openapi',
    schema: 'ConversationList',
    keyword: 'maxItems',
    summary: 'How many conversations a list returns.',
  },
  ROOM_LIST_LIMIT: {
    doc: 'asyncapi',
    schema: 'RoomRoster',
    keyword: 'maxItems',
    summary: 'Above this many online identities a room gets deltas only, no `conversation_users`.',
  },
};

export function emitConstants(openapi: JsonObject, asyncapi: JsonObject): string {
  const docs = { openapi, asyncapi };
  const lines: string[] = [];
  for (const [name, source] of Object.entries(CONSTANTS)) {
    const schemas = (docs[source.doc].components as JsonObject | undefined)?.schemas as
      | JsonObject
      | undefined;
    const schema = schemas?.[source.schema] as JsonObject | undefined;
    const value = schema?.[source.keyword];
    const where = `${source.doc} components.schemas.${source.schema}.${source.keyword}`;
    if (source.keyword === 'pattern') {
      if (typeof value !== 'string') throw new Error(`constants: ${where} is not a string`);
      lines.push(`/** ${source.summary} From ${where}. */`);
      lines.push(`export const ${name} = new RegExp(${JSON.stringify(value)}, 'u');`);
    } else {
      if (typeof value !== 'number') throw new Error(`constants: ${where} is not a number`);
      lines.push(`/** ${source.summary} From ${where}. */`);
      lines.push(`export const ${name} = ${value};`);
    }
  }
  return `${lines.join('\n')}\n`;
}
