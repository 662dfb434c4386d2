// JSON pointer <-> YAML position mapping and the one-line problem format the linters share.
import { describe, expect, it } from 'vitest';
import { pathToPointer, pointerToPath, YamlSource } from './locate.ts';
import { formatProblem, sortProblems, summaryLine } from './problems.ts';

const TEXT = `paths:
  /a/{b}:
    get:
      responses:
        '200':
          description: ok
          examples: [{id: 1}, {id: 2}]
list:
  - first
  - name: second
    value: 2
`;

describe('pointers', () => {
  it.each([
    ['#/paths/~1a~1{b}/get', ['paths', '/a/{b}', 'get']],
    ['/a~0b/0', ['a~b', '0']],
    ['#/paths/~1a~1%7Bb%7D', ['paths', '/a/{b}']],
    ['#', []],
  ])('%s -> %j', (pointer, keys) => {
    expect(pointerToPath(pointer)).toEqual(keys);
  });

  it('round-trips keys with / and ~', () => {
    const keys = ['paths', '/a/{b}', 'x~y', 3];
    expect(pointerToPath(pathToPointer(keys))).toEqual(keys.map(String));
  });
});

describe('YamlSource.locate', () => {
  const source = new YamlSource('/tmp/doc.yaml', TEXT);

  it.each([
    [['paths', '/a/{b}', 'get'], 3, 5],
    [['paths', '/a/{b}', 'get', 'responses', '200', 'description'], 6, 11],
    [['paths', '/a/{b}', 'get', 'responses', '200', 'examples', 1, 'id'], 7, 32],
    [['list', 1, 'value'], 11, 5],
    [['list', 0], 9, 5],
    // Past the written document: the deepest existing node.
    [['paths', '/a/{b}', 'get', 'parameters', 0], 3, 5],
    [['list', 7], 8, 1],
  ] as const)('%j is at %i:%i', (keys, line, col) => {
    expect(source.locate(keys)).toEqual({ line, col });
  });

  it('reports the first syntax error with its position and no code frame', () => {
    const broken = new YamlSource('/tmp/bad.yaml', 'a:\n  b: 1\n c: 2\n  d: 3\n');
    expect(broken.ok).toBe(false);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({
      line: 3,
      col: 1,
      rule: 'yaml-syntax',
      severity: 'error',
    });
    expect(broken.problems[0]?.message).not.toContain('\n');
  });

  it('reports an unreadable file instead of throwing', () => {
    const missing = new YamlSource('/tmp/missing.yaml', undefined);
    expect(missing.ok).toBe(false);
    expect(missing.problems[0]).toMatchObject({ message: 'cannot read file', rule: 'file-read' });
  });
});

describe('problem output', () => {
  const problem = {
    file: '/repo/spec/openapi.yaml',
    line: 12,
    col: 7,
    severity: 'error' as const,
    message: 'first line\n   second line',
    rule: 'example-valid',
  };

  it('is one line, relative to the working directory', () => {
    expect(formatProblem(problem, '/repo')).toBe(
      'spec/openapi.yaml:12:7 error first line second line (example-valid)',
    );
  });

  it('drops exact repeats and sorts by file and position', () => {
    const later = { ...problem, line: 30 };
    const other = { ...problem, file: '/repo/spec/asyncapi.yaml' };
    expect(sortProblems([later, problem, other, problem])).toEqual([other, problem, later]);
  });

  it('summarises errors and warnings, not infos', () => {
    const warning = { ...problem, severity: 'warning' as const };
    const info = { ...problem, severity: 'info' as const };
    expect(summaryLine([problem, warning, info, warning], 2)).toBe(
      'spec:lint: 1 error, 2 warnings in 2 documents',
    );
  });
});
