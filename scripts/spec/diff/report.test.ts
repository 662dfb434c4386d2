// The spec:diff report: what blocks first, grouped by cause, and the generated side per file.
import { describe, expect, it } from 'vitest';
import { isObject } from '../json.ts';
import { diffSpecs } from './diff.ts';
import { groupFindings } from './findings.ts';
import { specs } from './fixtures.ts';
import { exitCode, type Report, render } from './report.ts';

function report(): Report {
  const after = specs();
  const schemas = isObject(after.openapi.components) ? after.openapi.components.schemas : null;
  const paths = after.openapi.paths;
  if (!isObject(schemas) || !isObject(paths)) throw new Error('fixture');
  schemas.Identity = { type: 'string', maxLength: 64 }; // breaking in the request only
  paths['/new'] = { get: { operationId: 'getNew', responses: {} } };
  const diff = diffSpecs(specs(), after);
  return {
    from: 'main (abc)',
    to: 'the working tree',
    findings: groupFindings(diff.changes),
    versions: diff.versions,
    generated: {
      files: ['rest.ts', 'validators.js'],
      declarations: [
        { file: 'rest.ts', name: 'paths./new', status: 'added' },
        {
          file: 'rest.ts',
          name: 'operations.postThing.responses',
          status: 'changed',
          via: 'components.schemas.Identity',
        },
      ],
    },
  };
}

describe('spec:diff report', () => {
  it('leads with what blocks, then the rest, then the generated side, then the verdict', () => {
    const text = render(report(), 'text');
    expect(text).toContain(
      'spec:diff main (abc) → the working tree: 1 breaking change, 1 non-breaking',
    );
    const order = [
      'BREAKING — blocks the merge',
      '1. maxLength lowered 128 → 64',
      'Non-breaking',
      'Generated code',
      'exit 1',
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain(
      '   breaks REST client — 1 place:\n     - POST /things/{thingId} › request body › owner',
    );
    expect(text).toContain('   also, not breaking: work for server implementing REST — 1 place:');
    expect(text).toContain(
      '  generated/rest.ts: 2 declarations\n    - paths./new [added]\n    - operations.postThing.responses (via components.schemas.Identity)',
    );
    expect(text).toContain('  also rewritten: generated/validators.js');
    expect(exitCode(report())).toBe(1);
  });

  it('renders Markdown for a pull request and JSON for tools', () => {
    const md = render(report(), 'markdown');
    expect(md).toMatch(/^### ❌ Spec diff: 1 breaking change, 1 non-breaking/);
    expect(md).toContain('<details><summary>Non-breaking (1)</summary>');
    expect(md).toContain('- generated/rest.ts: 2 declarations\n  - paths./new [added]');
    const json = JSON.parse(render(report(), 'json'));
    expect(json.exitCode).toBe(1);
    expect(json.summary).toEqual({ breaking: 1, released: 0, nonBreaking: 1 });
    expect(json.findings[0].path).toBe('$.components.schemas.Identity.maxLength');
  });
});
