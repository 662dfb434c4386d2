// The pure parts: JSON paths from validator errors, negative cases derived from schemas
// (all rejected by the spec's validators, none accepted), generators whose "valid" values
// really are valid (so fuzzing never demands 400 for good input), and the report formats.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFor, corrupted, toWire } from './arbitraries.ts';
import { invalidCases } from './mutations.ts';
import { formatViolation } from './reporters/console.ts';
import { parseReporter } from './reporters/index.ts';
import { escapeXml, toJUnit } from './reporters/junit.ts';
import {
  clientEvents,
  firstMismatch,
  jsonPath,
  namedSchema,
  operation,
  operations,
  payloadValidator,
  requestValidator,
} from './spec.ts';
import type { RunResult } from './types.ts';

describe('jsonPath', () => {
  it.each([
    ['', undefined, '$'],
    ['/data/participants/0/id', undefined, '$.data.participants[0].id'],
    ['/data', 'conversation_sid', '$.data.conversation_sid'],
    ['/a~1b/c~0d', undefined, '$["a/b"]["c~d"]'],
  ])('%s + %s → %s', (pointer, child, expected) => {
    expect(jsonPath(pointer, child)).toBe(expected);
  });

  it('names the missing property of a required error', () => {
    const validate = requestValidator('createConversation', 'body');
    if (!validate) throw new Error('no validator');
    expect(firstMismatch(validate, { participants: [{ id: 'a' }] })).toEqual({
      path: '$.participants[0].name',
      message: 'is required but missing',
    });
    expect(firstMismatch(validate, { participants: [{ id: 'a', name: 'A' }] })).toBeNull();
  });
});

describe('operations as the spec declares them', () => {
  it('public for bearer purposes: exactly the operations whose security offers no bearerAuth', () => {
    expect(
      operations
        .filter((op) => op.isPublic)
        .map((op) => op.id)
        .sort(),
    ).toEqual(['downloadMedia', 'generateToken', 'getHealth']);
    expect(operation('generateToken').otherSchemes).toEqual(['tokenIssuerKey']);
    expect(operation('getHealth').otherSchemes).toEqual([]);
  });

  it('the identity a request acts as (403 for another than the token’s)', () => {
    const actsAs = Object.fromEntries(
      operations.filter((op) => op.actsAs).map((op) => [op.id, op.actsAs]),
    );
    expect(actsAs).toEqual({
      listConversations: { in: 'query', name: 'userId' },
      listUserConversations: { in: 'path', name: 'userId' },
      sendMessage: { in: 'body', name: 'author' },
      sendMessageWithFiles: { in: 'body', name: 'author' },
    });
  });
});

describe('invalidCases', () => {
  const validate = requestValidator('createConversation', 'body');
  if (!validate) throw new Error('no validator');
  const schema = namedSchema('rest_createConversation_body');
  const valid = {
    friendly_name: 'n',
    participants: [{ id: 'alice', name: 'Alice', image: 'https://example.com/a.png' }],
  };

  it('derives one case per rule, each rejected by the spec’s validator', () => {
    const cases = invalidCases(schema, valid, validate);
    for (const c of cases) expect(validate(c.value), c.label).toBe(false);
    const labels = cases.map((c) => c.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        '$.participants: missing (required)',
        '$.participants[0].id: missing (required)',
        '$.participants[0].name: missing (required)',
        '$.participants[0].id: breaks pattern ^[^\\s/\\\\?#%\\x00-\\x1F\\x7F]+$',
        '$.participants[0].id: too long (maxLength 128)',
        '$.participants[0].image: too long (maxLength 100000)',
        '$.participants: fewer than 1 items',
        '$.participants: more than 10 items',
        '$.friendly_name: too long (maxLength 256)',
        '$.unexpected_field: unknown property',
        '$.participants[0].unexpected_field: unknown property',
        '$: a string instead of an object',
      ]),
    );
    expect(new Set(labels).size).toBe(labels.length);
    // An empty friendly_name is valid (it means the default name): no case demands 400 for it.
    expect(labels.filter((label) => label.startsWith('$.friendly_name: empty'))).toEqual([]);
  });

  it('refuses a "valid" example the spec rejects', () => {
    expect(() => invalidCases(schema, { participants: [] }, validate)).toThrow(
      /valid example is invalid/,
    );
  });
});

describe('arbitraries', () => {
  const targets = [
    ...operations
      .filter((op) => requestValidator(op.id, 'body'))
      .map((op) => [`rest_${op.id}_body`, requestValidator(op.id, 'body')] as const),
    ...clientEvents
      .filter((e) => payloadValidator(e))
      .map((e) => [`socket_${e}`, payloadValidator(e)] as const),
  ];

  it.each(targets)('%s: generated "valid" values are valid', (name, validate) => {
    fc.assert(
      fc.property(
        arbitraryFor(namedSchema(name)).map(toWire),
        (value) => validate?.(value) === true,
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it('corrupted values are mostly invalid, and shrink', () => {
    const schema = namedSchema('socket_send_message');
    const validate = payloadValidator('send_message');
    const sample = fc.sample(corrupted(arbitraryFor(schema)).map(toWire), {
      numRuns: 200,
      seed: 3,
    });
    const invalid = sample.filter((v) => !validate?.(v)).length;
    expect(invalid).toBeGreaterThan(120);
  });

  it('toWire keeps what JSON keeps', () => {
    expect(toWire({ a: undefined, b: -0, c: [undefined] })).toEqual({ b: 0, c: [null] });
    expect(toWire(undefined)).toBeNull();
  });
});

describe('reporters', () => {
  const result: RunResult = {
    target: 'http://h:1',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    seed: 5,
    fuzzRuns: 0,
    checks: [
      {
        name: 'rest.x.valid',
        group: 'rest',
        description: 'd',
        status: 'passed',
        durationMs: 3,
        violations: [],
        findings: [],
      },
      {
        name: 'socket.y.routing',
        group: 'socket',
        description: 'd',
        status: 'failed',
        durationMs: 40,
        violations: [
          {
            rule: 'a <rule> & "more"',
            expected: 'x',
            actual: 'y\u0001',
            path: '$.a',
            request: 'alice emits y({"a":1})',
          },
        ],
        findings: ['F1'],
      },
      {
        name: 'socket.z',
        group: 'socket',
        description: 'd',
        status: 'skipped',
        durationMs: 0,
        violations: [],
        findings: [],
      },
    ],
    coverage: { operations: [], clientEvents: [], serverEvents: [] },
    findings: [],
    summary: { total: 3, passed: 1, failed: 1, blocked: 0, notRun: 0, skipped: 1, findings: 0 },
    cleanupProblems: [],
  };

  it('JUnit groups by suite, escapes XML and reports failures and skips', () => {
    const xml = toJUnit(result);
    expect(xml).toContain(
      '<testsuites name="chat-contract conformance" tests="3" failures="1" errors="0" skipped="1" time="1.234">',
    );
    expect(xml).toContain('<testsuite name="socket" tests="2" failures="1" errors="0" skipped="1"');
    expect(xml).toContain(
      '<failure message="a &lt;rule&gt; &amp; &quot;more&quot;: expected x, got y\ufffd" type="ContractViolation">',
    );
    expect(xml).toContain('request:  alice emits y({&quot;a&quot;:1})');
    expect(xml).toContain('<skipped message="skipped"/>');
    expect([...xml].some((ch) => ch.charCodeAt(0) < 0x9)).toBe(false);
    expect(escapeXml("'")).toBe('&apos;');
  });

  it('console shows rule, expected, actual, path and request', () => {
    const text = formatViolation(result.checks[1]?.violations[0] as never, 1, (_c, t) => t);
    expect(text.split('\n')).toEqual([
      '    1) a <rule> & "more"',
      '       expected: x',
      '       actual:   y\u0001',
      '       at:       $.a',
      '       request:  alice emits y({"a":1})',
    ]);
  });

  it('parses reporter specs', () => {
    expect(parseReporter('json')).toEqual({ kind: 'json' });
    expect(parseReporter('junit:out/r.xml')).toEqual({ kind: 'junit', file: 'out/r.xml' });
    expect(parseReporter('console:C:/x.txt')).toEqual({ kind: 'console', file: 'C:/x.txt' });
    expect(parseReporter('html')).toMatch(/unknown reporter/);
  });
});
