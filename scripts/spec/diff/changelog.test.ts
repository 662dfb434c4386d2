// spec:changelog's grouping by audience: the same findings seen by frontend, backend and QA.
import { describe, expect, it } from 'vitest';
import { isObject } from '../json.ts';
import { renderChangelog } from './changelog.ts';
import { diffSpecs } from './diff.ts';
import { groupFindings } from './findings.ts';
import { specs } from './fixtures.ts';

describe('spec:changelog', () => {
  it('groups the changes by audience', () => {
    const after = specs();
    const ops = after.asyncapi.operations;
    const paths = after.openapi.paths;
    if (!isObject(ops) || !isObject(ops.emitThingSeen) || !isObject(paths))
      throw new Error('fixture');
    ops.emitThingSeen['x-audience'] = 'others'; // breaking for frontends and the server
    paths['/new'] = { get: { operationId: 'getNew', responses: {} } }; // work for servers
    const diff = diffSpecs(specs(), after);
    const text = renderChangelog({
      from: 'v1.0.0',
      to: 'v1.1.0',
      findings: groupFindings(diff.changes),
      versions: diff.versions,
      generated: {
        files: ['events.ts'],
        declarations: [{ file: 'events.ts', name: 'serverEventAudience', status: 'changed' }],
      },
    });
    const section = (title: string) => text.split(`## ${title}\n`)[1]?.split('\n## ')[0] ?? '';
    expect(text).toMatch(
      /^# Contract changes: v1.0.0 → v1.1.0\n\nREST 1.0.0 · Socket.IO 1.0.0. 1 breaking, 1 other change./,
    );
    expect(section('Frontend')).toContain(
      '### Breaking\n\n- **audience room → others: now sent to the room except the sender** (socket listener (frontend)): `event thing_seen (server → client)`',
    );
    expect(section('Frontend')).not.toContain('new operation');
    expect(section('Backend')).toContain('(socket emitter (server))');
    expect(section('Backend')).toContain(
      '### New and changed\n\n- new operation: servers must implement it (server implementing REST): `GET /new`',
    );
    expect(section('Backend')).toContain('- `generated/events.ts` `serverEventAudience`: changed');
    expect(section('QA')).toContain('- `GET /new`\n  - new operation: servers must implement it');
    expect(section('QA')).toContain(
      '- `event thing_seen (server → client)`\n  - audience room → others: now sent to the room except the sender (breaking)',
    );
  });

  it('says so when nothing changed', () => {
    const diff = diffSpecs(specs(), specs());
    const text = renderChangelog({ from: 'a', to: 'b', findings: [], versions: diff.versions });
    expect(text).toContain('No change to the contract.');
  });
});
