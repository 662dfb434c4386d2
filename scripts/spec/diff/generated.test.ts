// The generated side of spec:diff: declarations compared by text, changes followed through
// references (type aliases, imports, indexed access into the openapi-typescript maps).
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../bundle.ts';
import { isObject } from '../json.ts';
import { compareGenerated, diffGenerated } from './generated.ts';

const TYPES = (field: string) => `
export interface components {
  schemas: {
    Thing: { ${field} };
    Other: { id: string };
  };
}
export interface operations {
  getThing: {
    parameters: { query?: never };
    responses: { 200: { content: { 'application/json': components["schemas"]["Thing"] } } };
  };
}
`;
const HANDLERS = `import type { operations } from './rest.ts';
/** docs are ignored */
export interface GetThingInput { query: operations["getThing"]['parameters']['query'] }
export type GetThingResult = { status: 200; body: operations["getThing"]['responses'][200] };
export interface RestHandlers { getThing(input: GetThingInput): GetThingResult; }
`;

describe('generated declarations', () => {
  it('names the declaration that changed and everything built on it, not the rest', () => {
    const before = new Map([
      ['rest.ts', TYPES('name: string')],
      ['rest-handlers.ts', HANDLERS],
      ['validators.js', 'a'],
    ]);
    const after = new Map([
      ['rest.ts', TYPES('name?: string')],
      ['rest-handlers.ts', HANDLERS.replace('docs are ignored', 'docs changed')],
      ['validators.js', 'b'],
    ]);
    const diff = compareGenerated(before, after);
    expect(diff.files).toEqual(['rest-handlers.ts', 'rest.ts', 'validators.js']);
    const names = diff.declarations.map(
      (d) => `${d.file} ${d.name}${d.via ? ` via ${d.via}` : ''}`,
    );
    expect(names).toEqual([
      'rest-handlers.ts GetThingResult via rest.ts operations.getThing.responses',
      'rest-handlers.ts RestHandlers.getThing via GetThingResult',
      'rest.ts components.schemas.Thing',
      'rest.ts operations.getThing.responses via components.schemas.Thing',
    ]);
  });

  it('reports added and removed declarations', () => {
    const diff = compareGenerated(
      new Map([['events.ts', 'export type A = string;\nexport type B = number;']]),
      new Map([['events.ts', 'export type A = string;\nexport type C = number;']]),
    );
    expect(diff.declarations).toEqual([
      { file: 'events.ts', name: 'B', status: 'removed' },
      { file: 'events.ts', name: 'C', status: 'added' },
    ]);
  });

  it("runs the project's codegen on both versions of the spec", async () => {
    const before = loadSpecs();
    const after = structuredClone(before);
    const components = after.openapi.components;
    const sent =
      isObject(components) && isObject(components.schemas) ? components.schemas.SentMessage : null;
    if (!isObject(sent) || !isObject(sent.properties))
      throw new Error('spec: SentMessage not found');
    delete sent.properties.body;
    sent.required = ['success', 'message_sid', 'author', 'date_created', 'media'];
    const diff = await diffGenerated(before, after);
    const names = diff.declarations.map((d) => `${d.file} ${d.name}`);
    expect(names).toContain('rest.ts components.schemas.SentMessage');
    expect(names).toContain('rest-handlers.ts SendMessageResult');
    expect(names).toContain('rest-handlers.ts RestHandlers.sendMessage');
    expect(names).not.toContain('rest-handlers.ts SendMessageInput');
    expect(names.some((n) => n.startsWith('events.ts'))).toBe(false);
  }, 120_000);
});
