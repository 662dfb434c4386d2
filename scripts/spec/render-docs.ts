// Renders the bundled OpenAPI and AsyncAPI documents into static reference pages
// (index.html, rest.html, events.html) plus JSON copies of both bundles. Pure functions of
// the documents, so tests can render without touching the disk.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AUDIENCE_TEXT, isAudience } from './audience.ts';
import type { Specs } from './bundle.ts';
import { eventSample, restSamples } from './docs-samples.ts';
import { anchor, type Html, html, inlineMarkdown, markdown, page } from './html.ts';
import { followRef, isObject, type Json, type JsonObject } from './json.ts';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function entries(value: Json | undefined): Array<[string, JsonObject]> {
  return isObject(value)
    ? Object.entries(value).filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
    : [];
}

function refName(node: Json | undefined): string | undefined {
  if (!isObject(node) || typeof node.$ref !== 'string') return undefined;
  return node.$ref.split('/').pop();
}

// ------------------------------------------------------------------ schemas

function typeLabel(schema: JsonObject): string {
  const types = Array.isArray(schema.type)
    ? schema.type.map(String)
    : schema.type
      ? [String(schema.type)]
      : [];
  let label = types.join(' | ');
  if (types.includes('array') && isObject(schema.items)) {
    const item = refName(schema.items) ?? typeLabel(schema.items);
    label = `array of ${item || 'any'}`;
  }
  if (typeof schema.format === 'string') label += ` (${schema.format})`;
  return label;
}

const CONSTRAINTS: Array<[string, string]> = [
  ['const', 'always'],
  ['enum', 'one of'],
  ['pattern', 'pattern'],
  ['minLength', 'min length'],
  ['maxLength', 'max length'],
  ['minimum', 'min'],
  ['maximum', 'max'],
  ['minItems', 'min items'],
  ['maxItems', 'max items'],
  ['minProperties', 'min properties'],
  ['maxProperties', 'max properties'],
  ['default', 'default'],
];

function constraints(schema: JsonObject): Html {
  const parts = CONSTRAINTS.filter(([key]) => schema[key] !== undefined).map(
    ([key, label]) =>
      html` <span class="muted">${label}</span> <code>${JSON.stringify(schema[key])}</code>`,
  );
  if (schema.additionalProperties === false)
    parts.push(html` <span class="muted">no other properties</span>`);
  return html`${parts}`;
}

function schemaLink(name: string): Html {
  return html`<a href="#${anchor('schema', name)}"><code>${name}</code></a>`;
}

/** A schema as a readable tree; `$ref`s become links to the schema section, never expanded. */
export function schemaView(schema: Json | undefined, withDescription = true): Html {
  if (schema === undefined) return html`<p class="muted">No schema.</p>`;
  return html`<div class="schema"><ul><li>${schemaLine(schema, withDescription)}</li></ul></div>`;
}

function schemaLine(schema: Json, withDescription = true): Html {
  if (schema === true || (isObject(schema) && Object.keys(schema).length === 0))
    return html`any value`;
  if (!isObject(schema)) return html`<code>${JSON.stringify(schema)}</code>`;
  const name = refName(schema);
  const composed = ['allOf', 'oneOf', 'anyOf'].some((keyword) => Array.isArray(schema[keyword]));
  const label = typeLabel(schema) || text(schema.title) || (composed ? '' : 'any value');
  const head = name ? schemaLink(name) : label ? html`<code>${label}</code>` : '';
  const description = withDescription ? text(schema.description) : undefined;
  return html`${head}${constraints(schema)}${description ? html` — ${inlineMarkdown(description)}` : ''}${schemaChildren(schema)}`;
}

function schemaChildren(schema: JsonObject): Html {
  const blocks: Html[] = [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const properties = isObject(schema.properties) ? Object.entries(schema.properties) : [];
  if (properties.length > 0) {
    blocks.push(
      html`<ul>${properties.map(
        ([key, value]) =>
          html`<li><code>${key}</code>${required.has(key) ? html` <span class="req">required</span>` : ''}: ${schemaLine(value)}</li>`,
      )}</ul>`,
    );
  }
  for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    const label = { allOf: 'all of', oneOf: 'exactly one of', anyOf: 'any of' }[keyword];
    blocks.push(
      html`<ul><li class="muted">${label}:</li>${list.map((item) => html`<li>${schemaLine(item)}</li>`)}</ul>`,
    );
  }
  const items = schema.items;
  if (
    isObject(items) &&
    !refName(items) &&
    (items.properties || items.oneOf || items.anyOf || items.allOf)
  ) {
    blocks.push(html`<ul><li class="muted">items:</li><li>${schemaLine(items)}</li></ul>`);
  }
  if (isObject(schema.additionalProperties)) {
    blocks.push(
      html`<ul><li class="muted">other properties:</li><li>${schemaLine(schema.additionalProperties)}</li></ul>`,
    );
  }
  return html`${blocks}`;
}

function jsonBlock(value: Json | undefined): Html {
  return html`<pre>${JSON.stringify(value, null, 2)}</pre>`;
}

function schemasSection(doc: JsonObject, title: string): Html {
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? Object.entries(components.schemas) : [];
  return html`<h2 id="schemas">${title}</h2>
${schemas.map(
  ([name, schema]) => html`<section class="item" id="${anchor('schema', name)}">
<h3><code>${name}</code></h3>
${isObject(schema) ? markdown(text(schema.description)) : ''}
${schemaView(schema, false)}
<details><summary>JSON Schema</summary>${jsonBlock(schema)}</details>
</section>`,
)}`;
}

function schemasToc(doc: JsonObject): Html {
  const components = isObject(doc.components) ? doc.components : {};
  const names = isObject(components.schemas) ? Object.keys(components.schemas) : [];
  return html`<li><a href="#schemas">Schemas</a><ul>${names.map(
    (name) => html`<li><a href="#${anchor('schema', name)}">${name}</a></li>`,
  )}</ul></li>`;
}

/** Examples, each labelled with what it shows (`context`) and its name or summary. */
function examplesBlock(examples: Array<[string, Json | undefined]>, context: string): Html {
  if (examples.length === 0) return html``;
  return html`${examples.map(([name, value]) => html`<p class="example-label">Example: ${context} <span class="muted">(${name})</span></p>${jsonBlock(value)}`)}`;
}

function samplesBlock(samples: Array<[string, Html | string, string]>): Html {
  return html`<div class="samples">${samples.map(
    ([label, note, code]) =>
      html`<p class="sample-label">${label}${note ? html` <span class="muted">${note}</span>` : ''}</p><pre class="sample">${code}</pre>`,
  )}</div>`;
}

// ------------------------------------------------------------------ REST

interface RestOperation {
  method: string;
  route: string;
  operation: JsonObject;
  id: string;
}

function restOperations(doc: JsonObject): RestOperation[] {
  const operations: RestOperation[] = [];
  for (const [route, item] of entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const id = text(operation.operationId) ?? `${method}-${route}`;
      operations.push({ method, route, operation, id });
    }
  }
  return operations;
}

function mediaExamples(doc: JsonObject, media: JsonObject): Array<[string, Json | undefined]> {
  const examples: Array<[string, Json | undefined]> = [];
  if (media.example !== undefined) examples.push(['example', media.example]);
  for (const [name, example] of entries(media.examples)) {
    const resolved = followRef(doc, example);
    if (isObject(resolved) && resolved.value !== undefined) {
      examples.push([text(resolved.summary) ?? name, resolved.value]);
    }
  }
  return examples;
}

function contentView(doc: JsonObject, content: Json | undefined, context: string): Html {
  return html`${entries(content).map(
    ([mediaType, media]) => html`<p class="muted">Content type <code>${mediaType}</code></p>
${schemaView(media.schema)}
${examplesBlock(mediaExamples(doc, media), context)}`,
  )}`;
}

function parametersView(doc: JsonObject, list: Json[]): Html {
  if (list.length === 0) return html``;
  return html`<h4>Parameters</h4>
<table><tr><th>Name</th><th>In</th><th>Schema</th><th>Description</th></tr>
${list.map((raw) => {
  const parameter = followRef(doc, raw);
  if (!isObject(parameter)) return html``;
  return html`<tr><td><code>${text(parameter.name) ?? ''}</code>${parameter.required === true ? html` <span class="req">required</span>` : ''}</td>
<td>${text(parameter.in) ?? ''}</td><td>${schemaView(parameter.schema)}</td><td>${markdown(text(parameter.description))}</td></tr>`;
})}
</table>`;
}

function operationView(
  doc: JsonObject,
  { method, route, operation, id }: RestOperation,
  pathItem: JsonObject,
): Html {
  const parameters = [
    ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []),
  ];
  const security = operation.security ?? doc.security;
  const open =
    Array.isArray(security) &&
    (security.length === 0 ||
      security.some((item) => isObject(item) && Object.keys(item).length === 0));
  const auth =
    Array.isArray(operation.security) && operation.security.length === 0
      ? 'none'
      : open
        ? 'optional bearer token'
        : 'bearer token';
  const body = followRef(doc, operation.requestBody);
  const responses = entries(operation.responses);
  return html`<section class="item" id="${anchor('op', id)}">
<h3><span class="badge ${method}">${method}</span> <code>${route}</code></h3>
<p><strong>${text(operation.summary) ?? ''}</strong></p>
<p class="muted">operationId <code>${id}</code> · authentication: ${auth}</p>
${markdown(text(operation.description))}
${(() => {
  const samples = restSamples(doc, { method, route, operation, pathItem });
  return html`<h4>Request samples</h4>
${samplesBlock([
  ['curl', '', samples.curl],
  ['Typed client', html`<code>@chat-contract/client</code>`, samples.client],
])}`;
})()}
${parametersView(doc, parameters)}
${
  isObject(body)
    ? html`<h4>Request body${body.required === true ? html` <span class="req">required</span>` : ''}</h4>
${markdown(text(body.description))}${contentView(doc, body.content, 'request body')}`
    : ''
}
<h4>Responses</h4>
${responses.map(([status, raw]) => {
  const response = followRef(doc, raw);
  const name = refName(raw);
  if (!isObject(response)) return html``;
  return html`<h5><code>${status}</code> ${text(response.description) ?? ''}${name ? html` <span class="muted">(${name})</span>` : ''}</h5>
${contentView(doc, response.content, `response ${status}`)}`;
})}
</section>`;
}

export function renderRest(doc: JsonObject): string {
  const info = isObject(doc.info) ? doc.info : {};
  const title = text(info.title) ?? 'REST API';
  const operations = restOperations(doc);
  const declared = Array.isArray(doc.tags) ? doc.tags.filter(isObject) : [];
  const tagNames = [...declared.map((tag) => String(tag.name))];
  for (const { operation } of operations) {
    const first = Array.isArray(operation.tags) ? String(operation.tags[0]) : 'other';
    if (!tagNames.includes(first)) tagNames.push(first);
  }
  const byTag = tagNames
    .map((tag) => ({
      tag,
      description: text(declared.find((item) => item.name === tag)?.description),
      operations: operations.filter(({ operation }) =>
        Array.isArray(operation.tags) ? String(operation.tags[0]) === tag : tag === 'other',
      ),
    }))
    .filter((group) => group.operations.length > 0);
  const paths = isObject(doc.paths) ? doc.paths : {};
  const servers = Array.isArray(doc.servers) ? doc.servers.filter(isObject) : [];

  const toc = html`<ul>
<li><a href="#top">${title}</a></li>
${byTag.map(
  (group) =>
    html`<li><a href="#${anchor('tag', group.tag)}">${group.tag}</a><ul>${group.operations.map(
      (op) =>
        html`<li><a href="#${anchor('op', op.id)}"><span class="badge ${op.method}">${op.method}</span> ${op.route}</a></li>`,
    )}</ul></li>`,
)}
${schemasToc(doc)}
</ul>`;
  const body = html`<h1 id="top">${title} <span class="muted">${text(info.version) ?? ''}</span></h1>
${markdown(text(info.summary))}
${markdown(text(info.description))}
${servers.length > 0 ? html`<p>Servers: ${servers.map((server) => html`<code>${text(server.url) ?? ''}</code> `)}</p>` : ''}
${byTag.map(
  (group) => html`<h2 id="${anchor('tag', group.tag)}">${group.tag}</h2>
${markdown(group.description)}
${group.operations.map((op) => operationView(doc, op, isObject(paths[op.route]) ? (paths[op.route] as JsonObject) : {}))}`,
)}
${schemasSection(doc, 'Schemas')}`;
  return page(`${title} — reference`, toc, body);
}

// ------------------------------------------------------------------ events

interface EventOperation {
  id: string;
  operation: JsonObject;
  direction: 'receive' | 'send';
  messages: JsonObject[];
}

function eventName(message: JsonObject, fallback: string): string {
  return text(message.name) ?? fallback;
}

function eventOperations(doc: JsonObject): EventOperation[] {
  return entries(doc.operations)
    .filter(([, operation]) => operation.action === 'receive' || operation.action === 'send')
    .map(([id, operation]) => ({
      id,
      operation,
      direction: operation.action === 'send' ? 'send' : 'receive',
      messages: (Array.isArray(operation.messages) ? operation.messages : [])
        .map((ref) => followRef(doc, ref))
        .filter(isObject),
    }));
}

function audienceView(audience: Json | undefined): Html {
  if (typeof audience !== 'string') return html`<span class="muted">unspecified</span>`;
  const description = isAudience(audience) ? AUDIENCE_TEXT[audience] : undefined;
  return html`<code>${audience}</code>${description ? html` — ${description}` : ''}`;
}

function eventLink(name: string): Html {
  return html`<a href="#${anchor('event', name)}"><code>${name}</code></a>`;
}

export function renderEvents(doc: JsonObject): string {
  const info = isObject(doc.info) ? doc.info : {};
  const title = text(info.title) ?? 'Events';
  const operations = eventOperations(doc);
  const clientEvents = operations.filter((op) => op.direction === 'receive');
  const serverEvents = operations.filter((op) => op.direction === 'send');
  // Which client events cause each server event, so a reader can go both ways.
  const causes = new Map<string, Array<{ event: string; to: Json | undefined }>>();
  for (const op of clientEvents) {
    const cause = op.messages[0] ? eventName(op.messages[0], op.id) : op.id;
    for (const emit of Array.isArray(op.operation['x-emits']) ? op.operation['x-emits'] : []) {
      if (!isObject(emit) || typeof emit.event !== 'string') continue;
      const list = causes.get(emit.event) ?? [];
      list.push({ event: cause, to: emit.to });
      causes.set(emit.event, list);
    }
  }
  const channels = entries(doc.channels);
  const rendered = new Set<string>();

  const eventView = (op: EventOperation, message: JsonObject): Html => {
    const name = eventName(message, op.id);
    const id = rendered.has(name) ? anchor('op', op.id) : anchor('event', name);
    rendered.add(name);
    const channel = followRef(doc, op.operation.channel);
    const address = isObject(channel) ? text(channel.address) : undefined;
    const examples = (Array.isArray(message.examples) ? message.examples : [])
      .filter(isObject)
      .map((example, index): [string, Json | undefined] => [
        text(example.summary) ?? text(example.name) ?? String(index),
        example.payload,
      ]);
    const emits = Array.isArray(op.operation['x-emits'])
      ? op.operation['x-emits'].filter(isObject)
      : [];
    const direction = op.direction === 'receive' ? 'client → server' : 'server → client';
    return html`<section class="item" id="${id}">
<h3><span class="badge ${op.direction}">${direction}</span> <code>${name}</code></h3>
<p><strong>${text(op.operation.summary) ?? text(message.summary) ?? ''}</strong></p>
<p class="muted">operation <code>${op.id}</code>${address !== undefined ? html` · channel <code>${address}</code>` : ''}</p>
${samplesBlock([
  [
    op.direction === 'receive' ? 'Emit' : 'Listen',
    html`<code>@chat-contract/client</code> (a plain socket.io-client socket works the same)`,
    eventSample(doc, name, op.direction, message.payload, examples[0]?.[1]),
  ],
])}
${markdown(text(op.operation.description))}
${markdown(text(message.description))}
${
  op.direction === 'send'
    ? html`<p><strong>Audience:</strong> ${audienceView(op.operation['x-audience'])}</p>
${
  causes.has(name)
    ? html`<p><strong>Sent after:</strong> ${(causes.get(name) ?? []).map(
        (cause, index) =>
          html`${index > 0 ? ', ' : ''}${eventLink(cause.event)} (to <code>${String(cause.to)}</code>)`,
      )}</p>`
    : ''
}`
    : html`<h4>Server emits</h4>
${
  emits.length > 0
    ? html`<table><tr><th>Event</th><th>To</th></tr>${emits.map(
        (emit) =>
          html`<tr><td>${eventLink(String(emit.event))}</td><td>${audienceView(emit.to)}</td></tr>`,
      )}</table>`
    : html`<p class="muted">Nothing.</p>`
}`
}
<h4>Payload</h4>
${message.payload === undefined ? html`<p class="muted">None.</p>` : schemaView(message.payload)}
${examplesBlock(examples, `payload of ${name}`)}
</section>`;
  };

  const tocGroup = (label: string, ops: EventOperation[], groupId: string) =>
    html`<li><a href="#${groupId}">${label}</a><ul>${ops.flatMap((op) =>
      op.messages.map((message) => html`<li>${eventLink(eventName(message, op.id))}</li>`),
    )}</ul></li>`;
  const toc = html`<ul>
<li><a href="#top">${title}</a></li>
${tocGroup('Client → server', clientEvents, 'client-events')}
${tocGroup('Server → client', serverEvents, 'server-events')}
${schemasToc(doc)}
</ul>`;
  const body = html`<h1 id="top">${title} <span class="muted">${text(info.version) ?? ''}</span></h1>
${markdown(text(info.description))}
<h2>Channels</h2>
<table><tr><th>Channel</th><th>Address</th><th>Description</th></tr>
${channels.map(
  ([id, channel]) =>
    html`<tr><td>${text(channel.title) ?? id}</td><td><code>${text(channel.address) ?? ''}</code></td><td>${markdown(text(channel.description))}</td></tr>`,
)}</table>
<h2 id="client-events">Client → server events</h2>
${clientEvents.flatMap((op) => op.messages.map((message) => eventView(op, message)))}
<h2 id="server-events">Server → client events</h2>
${serverEvents.flatMap((op) => op.messages.map((message) => eventView(op, message)))}
${schemasSection(doc, 'Schemas')}`;
  return page(`${title} — reference`, toc, body);
}

// ------------------------------------------------------------------ index and files

export function renderIndex(specs: Specs): string {
  const restInfo = isObject(specs.openapi.info) ? specs.openapi.info : {};
  const eventsInfo = isObject(specs.asyncapi.info) ? specs.asyncapi.info : {};
  const toc = html`<ul><li><a href="rest.html">REST</a></li><li><a href="events.html">Events</a></li></ul>`;
  const body = html`<h1>API reference</h1>
<ul>
<li><a href="rest.html">${text(restInfo.title) ?? 'REST'}</a> ${text(restInfo.version) ?? ''} — ${restOperations(specs.openapi).length} operations
  (<a href="openapi.json">openapi.json</a>)</li>
<li><a href="events.html">${text(eventsInfo.title) ?? 'Events'}</a> ${text(eventsInfo.version) ?? ''} — ${eventOperations(specs.asyncapi).length} events
  (<a href="asyncapi.json">asyncapi.json</a>)</li>
</ul>
<p class="muted">Both JSON files are the bundled documents: every shared schema is a named
<code>#/components/schemas/&lt;Name&gt;</code>.</p>`;
  return page('API reference', toc, body, { back: false });
}

export type DocsFiles = Record<
  'index.html' | 'rest.html' | 'events.html' | 'openapi.json' | 'asyncapi.json',
  string
>;

export function renderDocs(specs: Specs): DocsFiles {
  return {
    'index.html': renderIndex(specs),
    'rest.html': renderRest(specs.openapi),
    'events.html': renderEvents(specs.asyncapi),
    'openapi.json': `${JSON.stringify(specs.openapi, null, 2)}\n`,
    'asyncapi.json': `${JSON.stringify(specs.asyncapi, null, 2)}\n`,
  };
}

/** Writes the pages into `outDir` (created if needed); returns the paths written. */
export function writeDocs(outDir: string, specs: Specs): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(renderDocs(specs)).map(([name, content]) => {
    const file = path.join(outDir, name);
    writeFileSync(file, content);
    return file;
  });
}
