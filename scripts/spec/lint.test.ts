// Table tests of the spec linter on small fixture documents written to a temp dir: each case
// breaks one thing and expects exactly that problem, at the line a text search finds it on.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DEFAULT_FILES, lintFiles } from './lint.ts';
import { formatProblem, type Problem } from './problems.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const OPENAPI = `openapi: 3.1.0
info:
  title: Fixture
  version: 1.0.0
  description: A small valid document.
  contact:
    name: Fixture maintainers
  license:
    name: MIT
    identifier: MIT
servers:
  - url: http://localhost:3001
tags:
  - name: things
    description: Things.
security:
  - {}
paths:
  /things/{thingId}:
    get:
      operationId: getThing
      summary: One thing.
      description: The thing with this id.
      tags: [things]
      parameters:
        - name: thingId
          in: path
          required: true
          schema:
            type: string
            pattern: '^T[0-9]+$'
          examples:
            one:
              value: T1
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema:
                $ref: './schemas/Thing.yaml'
              examples:
                one:
                  value:
                    id: T1
                    count: 3
        '400':
          description: Bad input.
          content:
            application/json:
              schema:
                $ref: './schemas/common.yaml#/Problem'
        '500':
          description: Failure.
          content:
            application/json:
              schema:
                $ref: './schemas/common.yaml#/Problem'
`;

const ASYNCAPI = `asyncapi: 3.0.0
info:
  title: Fixture events
  version: 1.0.0
  description: A small valid document.
  contact:
    name: Fixture maintainers
  license:
    name: MIT
  tags:
    - name: things
servers:
  local:
    host: localhost:3001
    protocol: ws
channels:
  root:
    address: /
    messages:
      poke:
        $ref: '#/components/messages/poke'
      poked:
        $ref: '#/components/messages/poked'
operations:
  poke:
    action: receive
    description: A client pokes a thing.
    channel:
      $ref: '#/channels/root'
    messages:
      - $ref: '#/channels/root/messages/poke'
    x-emits:
      - {event: poked, to: room}
  emitPoked:
    action: send
    description: The room hears of the poke.
    channel:
      $ref: '#/channels/root'
    messages:
      - $ref: '#/channels/root/messages/poked'
    x-audience: room
components:
  messages:
    poke:
      name: poke
      payload:
        type: object
        required: [id]
        properties:
          id:
            $ref: './schemas/common.yaml#/ThingId'
      examples:
        - name: one
          payload:
            id: T1
    poked:
      name: poked
      payload:
        $ref: './schemas/Thing.yaml'
      examples:
        - name: one
          payload:
            id: T1
            count: 0
`;

const THING = `type: object
required: [id, count]
additionalProperties: false
properties:
  id:
    $ref: './common.yaml#/ThingId'
  count:
    type: integer
    minimum: 0
examples:
  - id: T7
    count: 1
`;

const COMMON = `ThingId:
  type: string
  pattern: '^T[0-9]+$'
  examples: [T1]
Problem:
  type: object
  required: [message]
  properties:
    message:
      type: string
`;

type FixtureFile = 'openapi.yaml' | 'asyncapi.yaml' | 'schemas/Thing.yaml' | 'schemas/common.yaml';

const BASE: Record<FixtureFile, string> = {
  'openapi.yaml': OPENAPI,
  'asyncapi.yaml': ASYNCAPI,
  'schemas/Thing.yaml': THING,
  'schemas/common.yaml': COMMON,
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes the fixture set with `edits` applied (each `from` must occur exactly once). */
function fixture(edits: Array<{ file: FixtureFile; from: string; to: string }> = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spec-lint-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'schemas'));
  const files = { ...BASE };
  for (const { file, from, to } of edits) {
    const count = files[file].split(from).length - 1;
    if (count !== 1) throw new Error(`fixture edit "${from}" matches ${count} times in ${file}`);
    files[file] = files[file].replace(from, to);
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** 1-based line of the only line matching `marker` — found by text, not by the linter. */
function lineOf(dir: string, file: FixtureFile, marker: string | RegExp): number {
  const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  const hits = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => (typeof marker === 'string' ? line.includes(marker) : marker.test(line)));
  if (hits.length !== 1)
    throw new Error(`marker ${marker} matches ${hits.length} lines in ${file}`);
  return (hits[0]?.index ?? 0) + 1;
}

async function lint(dir: string, docs: FixtureFile[]): Promise<Problem[]> {
  const files = docs.map((doc) => path.join(dir, doc));
  const { problems } = await lintFiles(files, { configPath: DEFAULT_CONFIG });
  return problems.filter((problem) => problem.severity !== 'info');
}

const FAILURE_500 = `        '500':
          description: Failure.
          content:
            application/json:
              schema:
                $ref: './schemas/common.yaml#/Problem'
`;

interface Case {
  name: string;
  edits: Array<{ file: FixtureFile; from: string; to: string }>;
  lint: FixtureFile[];
  expect: { file: FixtureFile; rule: string; at: string | RegExp; message: RegExp };
}

const BOTH: FixtureFile[] = ['openapi.yaml', 'asyncapi.yaml'];

const CASES: Case[] = [
  {
    name: 'media-type example with a wrong type',
    edits: [{ file: 'openapi.yaml', from: 'count: 3', to: 'count: three' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'example-valid',
      at: 'count: three',
      message: /"one" at \/count must be integer/,
    },
  },
  {
    name: 'media-type example missing a required property',
    edits: [{ file: 'openapi.yaml', from: '                    count: 3\n', to: '' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'example-valid',
      at: /^ {18}value:$/,
      message: /required property 'count'/,
    },
  },
  {
    name: 'parameter example breaking its pattern',
    edits: [{ file: 'openapi.yaml', from: 'value: T1', to: 'value: X1' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'example-valid',
      at: 'value: X1',
      message: /must match pattern/,
    },
  },
  {
    name: 'schema-level example in a shared schema file',
    edits: [{ file: 'schemas/Thing.yaml', from: 'count: 1', to: 'count: -1' }],
    lint: BOTH,
    expect: {
      file: 'schemas/Thing.yaml',
      rule: 'example-valid',
      at: 'count: -1',
      message: /must be >= 0/,
    },
  },
  {
    name: 'schema-level example in a map of shared schemas',
    edits: [{ file: 'schemas/common.yaml', from: 'examples: [T1]', to: 'examples: [X1]' }],
    lint: BOTH,
    expect: {
      file: 'schemas/common.yaml',
      rule: 'example-valid',
      at: 'examples: [X1]',
      message: /pattern/,
    },
  },
  {
    name: 'AsyncAPI message example payload with a wrong type',
    edits: [{ file: 'asyncapi.yaml', from: 'count: 0', to: 'count: zero' }],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'example-valid',
      at: 'count: zero',
      message: /payload at \/count must be integer/,
    },
  },
  {
    name: 'AsyncAPI example payload with a property the shared schema forbids',
    edits: [
      {
        file: 'asyncapi.yaml',
        from: '            count: 0\n',
        to: '            count: 0\n            extra: 1\n',
      },
    ],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'example-valid',
      at: 'extra: 1',
      message: /must not have property 'extra'/,
    },
  },
  {
    name: 'send operation without x-audience',
    edits: [{ file: 'asyncapi.yaml', from: '    x-audience: room\n', to: '' }],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'x-audience',
      at: /^ {2}emitPoked:$/,
      message: /"emitPoked" has no x-audience/,
    },
  },
  {
    name: 'x-audience outside sender/room/others',
    edits: [{ file: 'asyncapi.yaml', from: 'x-audience: room', to: 'x-audience: everyone' }],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'x-audience',
      at: 'x-audience: everyone',
      message: /"everyone"/,
    },
  },
  {
    name: 'receive operation without x-emits',
    edits: [
      { file: 'asyncapi.yaml', from: '    x-emits:\n      - {event: poked, to: room}\n', to: '' },
    ],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'x-emits',
      at: /^ {2}poke:$/,
      message: /"poke" has no x-emits/,
    },
  },
  {
    name: 'x-emits naming a client event',
    edits: [
      { file: 'asyncapi.yaml', from: '{event: poked, to: room}', to: '{event: poke, to: room}' },
    ],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'x-emits',
      at: '{event: poke, to: room}',
      message: /"poke", which no send operation emits/,
    },
  },
  {
    name: 'x-emits with an unknown audience',
    edits: [
      { file: 'asyncapi.yaml', from: '{event: poked, to: room}', to: '{event: poked, to: all}' },
    ],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'x-emits',
      at: '{event: poked, to: all}',
      message: /to: "all"/,
    },
  },
  {
    name: 'operation without a 500 response',
    edits: [{ file: 'openapi.yaml', from: FAILURE_500, to: '' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'operation-contract',
      at: 'responses:',
      message: /no 500 response/,
    },
  },
  {
    name: 'operation without operationId',
    edits: [{ file: 'openapi.yaml', from: '      operationId: getThing\n', to: '' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'operation-contract',
      at: /^ {4}get:$/,
      message: /no operationId/,
    },
  },
  {
    name: 'operation without tags',
    edits: [{ file: 'openapi.yaml', from: '      tags: [things]\n', to: '' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'operation-contract',
      at: /^ {4}get:$/,
      message: /no tags/,
    },
  },
  {
    name: 'broken YAML in the document',
    edits: [
      {
        file: 'openapi.yaml',
        from: '      summary: One thing.\n',
        to: '     summary: One thing.\n',
      },
    ],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'yaml-syntax',
      at: '     summary: One thing.',
      message: /same column/,
    },
  },
  {
    name: 'broken YAML in a shared file',
    edits: [
      {
        file: 'schemas/common.yaml',
        from: '  type: object\n',
        to: '  type: object\n  type: array\n',
      },
    ],
    lint: BOTH,
    expect: {
      file: 'schemas/common.yaml',
      rule: 'yaml-syntax',
      at: 'type: array',
      message: /unique/,
    },
  },
  {
    name: 'flow sequence a YAML 1.1 parser cuts at `?` (SnakeYAML, PyYAML)',
    edits: [{ file: 'schemas/common.yaml', from: 'examples: [T1]', to: 'examples: [T1?]' }],
    lint: BOTH,
    expect: {
      file: 'schemas/common.yaml',
      rule: 'yaml-1.1',
      at: 'examples: [T1?]',
      message: /"T1\?" inside \[\.\.\.\]\/\{\.\.\.\}.*quote it/,
    },
  },
  {
    name: 'URL as a plain scalar in a flow mapping',
    edits: [
      {
        file: 'asyncapi.yaml',
        from: '{event: poked, to: room}',
        to: '{event: poked, to: room, x-see: https://example.com/x}',
      },
    ],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'yaml-1.1',
      at: 'https://example.com/x',
      message: /"https:\/\/example\.com\/x"/,
    },
  },
  {
    name: 'a value YAML 1.1 reads as a boolean',
    edits: [{ file: 'openapi.yaml', from: 'description: Things.', to: 'description: yes' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'yaml-1.1',
      at: 'description: yes',
      message: /YAML 1\.2 reads "yes" but YAML 1\.1 reads true/,
    },
  },
  {
    name: 'a value YAML 1.1 reads as a date',
    edits: [
      {
        file: 'schemas/Thing.yaml',
        from: '  - id: T7\n',
        to: '  - id: T7\n    when: 2025-01-01\n',
      },
    ],
    lint: BOTH,
    expect: {
      file: 'schemas/Thing.yaml',
      rule: 'yaml-1.1',
      at: 'when: 2025-01-01',
      message: /YAML 1\.2 reads "2025-01-01" but YAML 1\.1 reads a date/,
    },
  },
  {
    name: 'REST operation without a description (Spectral)',
    edits: [{ file: 'openapi.yaml', from: '      description: The thing with this id.\n', to: '' }],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'operation-description',
      at: /^ {4}get:$/,
      message: /description/,
    },
  },
  {
    name: 'socket operation without a description (Spectral)',
    edits: [
      { file: 'asyncapi.yaml', from: '    description: The room hears of the poke.\n', to: '' },
    ],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'asyncapi-3-operation-description',
      at: /^ {2}emitPoked:$/,
      message: /description/,
    },
  },
  {
    name: 'unused component (Spectral)',
    edits: [
      {
        file: 'openapi.yaml',
        from: FAILURE_500,
        to: `${FAILURE_500}components:\n  schemas:\n    Unused:\n      type: string\n`,
      },
    ],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'oas3-unused-component',
      at: /^ {4}Unused:$/,
      message: /unused/,
    },
  },
  {
    name: 'no info.contact (Spectral)',
    edits: [{ file: 'asyncapi.yaml', from: '  contact:\n    name: Fixture maintainers\n', to: '' }],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'asyncapi-info-contact',
      at: /^info:$/,
      message: /contact/,
    },
  },
  {
    name: 'response example without a request example of the same name',
    edits: [
      {
        file: 'openapi.yaml',
        from: '            one:\n              value: T1',
        to: '            two:\n              value: T1',
      },
    ],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'example-pairs',
      at: "        '200':",
      message:
        /response 200 example "one" has no request example of that name in the path parameter thingId/,
    },
  },
  {
    name: 'unresolved $ref in OpenAPI',
    edits: [
      {
        file: 'openapi.yaml',
        from: "$ref: './schemas/Thing.yaml'",
        to: "$ref: './schemas/Nope.yaml'",
      },
    ],
    lint: ['openapi.yaml'],
    expect: {
      file: 'openapi.yaml',
      rule: 'no-unresolved-refs',
      at: 'Nope.yaml',
      message: /Can't resolve/,
    },
  },
  {
    name: 'unresolved $ref in AsyncAPI',
    edits: [
      {
        file: 'asyncapi.yaml',
        from: "$ref: './schemas/Thing.yaml'",
        to: "$ref: './schemas/Nope.yaml'",
      },
    ],
    lint: ['asyncapi.yaml'],
    expect: {
      file: 'asyncapi.yaml',
      rule: 'invalid-ref',
      at: 'Nope.yaml',
      message: /no such file/,
    },
  },
];

describe('spec linter on fixture documents', () => {
  it('finds nothing wrong in the unbroken fixtures', async () => {
    expect(await lint(fixture(), BOTH)).toEqual([]);
  });

  it.each(CASES)('$name', async ({ edits, lint: docs, expect: wanted }) => {
    const dir = fixture(edits);
    const problems = await lint(dir, docs);
    const match = problems.filter(
      (problem) => problem.rule === wanted.rule && problem.file === path.join(dir, wanted.file),
    );
    expect(match, problems.map((problem) => formatProblem(problem, dir)).join('\n')).toHaveLength(
      1,
    );
    const [problem] = match as [Problem];
    expect(problem.severity).toBe('error');
    expect(problem.message).toMatch(wanted.message);
    expect(problem.line).toBe(lineOf(dir, wanted.file, wanted.at));
    if (wanted.rule === 'yaml-syntax') {
      // A file that does not parse explains everything else; nothing may cascade from it.
      expect(problems.map((other) => other.rule)).toEqual(problems.map(() => 'yaml-syntax'));
    }
  });
});

describe('the project specs', () => {
  it('lint clean (the deliberate 3.0.0 target is only an info)', async () => {
    const { problems, documents } = await lintFiles(DEFAULT_FILES, { configPath: DEFAULT_CONFIG });
    const serious = problems.filter((problem) => problem.severity !== 'info');
    expect(serious.map((problem) => formatProblem(problem))).toEqual([]);
    expect(documents).toBe(2);
  });
});

describe('spec-lint CLI', { timeout: 90_000 }, () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/spec-lint.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('exits 1 with one `file:line:col severity message (rule)` line per problem', () => {
    const dir = fixture([
      { file: 'openapi.yaml', from: 'count: 3', to: 'count: three' },
      { file: 'asyncapi.yaml', from: '    x-audience: room\n', to: '' },
    ]);
    const result = run(path.join(dir, 'openapi.yaml'), path.join(dir, 'asyncapi.yaml'));
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('spec:lint: 2 errors, 0 warnings in 2 documents');
    const problems = lines.slice(0, -1);
    for (const line of problems) {
      expect(line).toMatch(/^\S+\.yaml:\d+:\d+ (error|warning|info) .+ \([\w-]+\)$/);
    }
    const openapiLine = lineOf(dir, 'openapi.yaml', 'count: three');
    const relative = path.relative(ROOT, path.join(dir, 'openapi.yaml'));
    expect(problems.some((line) => line.startsWith(`${relative}:${openapiLine}:`))).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports broken YAML as file:line, without a stack trace', () => {
    const dir = fixture([{ file: 'asyncapi.yaml', from: 'channels:\n', to: 'channels: [\n' }]);
    const result = run(path.join(dir, 'asyncapi.yaml'));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/asyncapi\.yaml:\d+:\d+ error .+ \(yaml-syntax\)\n/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('exits 0 on clean documents', () => {
    const dir = fixture();
    const result = run(path.join(dir, 'openapi.yaml'), path.join(dir, 'asyncapi.yaml'));
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(
      'spec:lint: 0 errors, 0 warnings in 2 documents',
    );
  });
});
