// The reference docs rendered from the real specs: every operation and event is there with
// its audience, internal links resolve, spec text is escaped, and the files land on disk.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Json, type JsonObject, loadSpecs } from './bundle.ts';
import { renderDocs, renderEvents, renderRest, writeDocs } from './render-docs.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const specs = loadSpecs();
const pages = renderDocs(specs);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deref(doc: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  while (isObject(current) && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce<Json | undefined>((at, key) => (isObject(at) ? at[key] : undefined), doc);
  }
  return current;
}

const operationIds = Object.values(specs.openapi.paths as JsonObject).flatMap((item) =>
  Object.values(item as JsonObject)
    .filter(isObject)
    .map((operation) => operation.operationId)
    .filter((id): id is string => typeof id === 'string'),
);

const events = Object.entries(specs.asyncapi.operations as JsonObject).flatMap(([id, raw]) => {
  const operation = raw as JsonObject;
  return (operation.messages as Json[]).map((ref) => ({
    id,
    operation,
    name: String((deref(specs.asyncapi, ref) as JsonObject).name),
  }));
});

/** The HTML of one `<section id=...>`, so assertions cannot be met by text elsewhere. */
function sectionOf(page: string, id: string): string {
  const start = page.indexOf(`<section class="item" id="${id}">`);
  expect(start, `section #${id}`).toBeGreaterThanOrEqual(0);
  const end = page.indexOf('</section>', start);
  return page.slice(start, end);
}

describe('reference docs of the real specs', () => {
  it('found operations and events to check', () => {
    expect(operationIds.length).toBeGreaterThanOrEqual(15);
    expect(events.length).toBeGreaterThanOrEqual(21);
  });

  it.each(operationIds)('rest.html documents %s', (id) => {
    const section = sectionOf(pages['rest.html'], `op-${id}`);
    expect(section).toContain(`operationId <code>${id}</code>`);
    expect(pages['rest.html']).toContain(`href="#op-${id}"`);
  });

  it.each(events)('events.html documents $name with its audience', ({ name, operation }) => {
    const section = sectionOf(pages['events.html'], `event-${name}`);
    expect(section).toContain(`<code>${name}</code>`);
    if (operation.action === 'send') {
      expect(section).toContain(
        `<strong>Audience:</strong> <code>${String(operation['x-audience'])}</code>`,
      );
    } else {
      for (const emit of operation['x-emits'] as JsonObject[]) {
        expect(section).toContain(
          `<a href="#event-${String(emit.event)}"><code>${String(emit.event)}</code></a></td><td><code>${String(emit.to)}</code>`,
        );
      }
    }
    expect(pages['events.html']).toContain(`href="#event-${name}"`);
  });

  it.each(['rest.html', 'events.html'] as const)('%s has no broken in-page links', (name) => {
    const html = pages[name];
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !ids.has(target))).toEqual([]);
  });

  it('documents every shared schema on both pages', () => {
    for (const [page, doc] of [
      [pages['rest.html'], specs.openapi],
      [pages['events.html'], specs.asyncapi],
    ] as const) {
      for (const name of Object.keys((doc.components as JsonObject).schemas as JsonObject)) {
        expect(page).toContain(`id="schema-${name}"`);
      }
    }
  });

  it('links the index to both pages and the bundled JSON', () => {
    for (const target of ['rest.html', 'events.html', 'openapi.json', 'asyncapi.json']) {
      expect(pages['index.html']).toContain(`href="${target}"`);
    }
  });
});

describe('renderer', () => {
  it('escapes spec text rather than passing markup through', () => {
    const hostile = '<script>alert(1)</script> & "quotes"';
    const rest = renderRest({
      openapi: '3.1.0',
      info: { title: hostile, version: '1', description: `**bold** \`code\` ${hostile}` },
      paths: {
        '/x': {
          get: {
            operationId: 'x',
            summary: hostile,
            responses: { '200': { description: hostile } },
          },
        },
      },
    });
    const events = renderEvents({ asyncapi: '3.0.0', info: { title: hostile, version: '1' } });
    for (const html of [rest, events]) {
      // The page's own search script is the only script element.
      expect(html.match(/<script/g)).toHaveLength(1);
      expect(html).not.toContain('<script>alert');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    }
    expect(rest).toContain('<strong>bold</strong> <code>code</code>');
  });

  it('gives every operation a curl and a typed-client sample, every event an emit or listen line', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'T', version: '1' },
      servers: [{ url: 'http://chat.example.test' }],
      paths: {
        '/api/c/{sid}/send': {
          post: {
            operationId: 'send',
            parameters: [
              {
                name: 'sid',
                in: 'path',
                required: true,
                schema: { type: 'string', examples: ['CH1'] },
              },
            ],
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object' },
                  examples: { hello: { summary: 'A first message', value: { body: "it's" } } },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    };
    const text = (page: string) =>
      page
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const rest = text(renderRest(doc));
    expect(rest).toContain(
      `curl -X POST 'http://chat.example.test/api/c/CH1/send' \\\n  -H 'content-type: application/json' \\\n  -d '{"body":"it'\\''s"}'`,
    );
    expect(rest).toContain("await chat.rest.POST('/api/c/{sid}/send', {");
    expect(rest).toContain("params: { path: { sid: 'CH1' } },");
    expect(rest).toContain('Example: request body <span class="muted">(A first message)</span>');
    const events = text(
      renderEvents({
        asyncapi: '3.0.0',
        info: { title: 'E', version: '1' },
        channels: { root: { address: '/' } },
        operations: {
          join: {
            action: 'receive',
            channel: { $ref: '#/channels/root' },
            messages: [{ $ref: '#/components/messages/join' }],
          },
          joined: {
            action: 'send',
            channel: { $ref: '#/channels/root' },
            messages: [{ $ref: '#/components/messages/joined' }],
          },
        },
        components: {
          messages: {
            join: {
              name: 'join',
              payload: { type: 'object', properties: { room: { type: 'string' } } },
              examples: [{ name: 'seed', payload: { room: 'r1' } }],
            },
            joined: {
              name: 'joined',
              payload: {
                type: 'object',
                properties: { room: { type: 'string' }, at: { type: 'string' } },
              },
            },
          },
        },
      }),
    );
    expect(events).toContain("socket.emit('join', {\n  room: 'r1'\n});");
    expect(events).toContain("socket.on('joined', ({ room, at }) => {");
  });

  it('writes the pages and the bundled documents', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docs-'));
    dirs.push(dir);
    const written = writeDocs(dir, loadSpecs());
    expect(written.map((file) => path.basename(file)).sort()).toEqual([
      'asyncapi.json',
      'events.html',
      'index.html',
      'openapi.json',
      'rest.html',
    ]);
    expect(JSON.parse(readFileSync(path.join(dir, 'openapi.json'), 'utf8'))).toEqual(specs.openapi);
    expect(JSON.parse(readFileSync(path.join(dir, 'asyncapi.json'), 'utf8'))).toEqual(
      specs.asyncapi,
    );
  });

  it('npm run docs writes into --out', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docs-cli-'));
    dirs.push(dir);
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/docs.ts', '--out', dir],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^docs: wrote index\.html, rest\.html, events\.html/);
    expect(readFileSync(path.join(dir, 'events.html'), 'utf8')).toBe(pages['events.html']);
  });
});
