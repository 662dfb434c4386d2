// Copy-paste samples for the reference pages, derived from the documents: per REST operation a
// curl command and the same call through the typed client (@chat-contract/client), per
// Socket.IO event the emit or listen line. Values come from the spec's own examples (the
// operation's first example, else each schema's `examples`/`const`/`enum`/`default`), so a
// sample stays valid when the spec changes.
import { followRef, isObject, type Json, type JsonObject } from './json.ts';

const DEFAULT_SERVER = 'http://localhost:3001';
const MAX_DEPTH = 8;

export function serverUrl(doc: JsonObject): string {
  const first = Array.isArray(doc.servers) ? doc.servers.find(isObject) : undefined;
  return typeof first?.url === 'string' ? first.url.replace(/\/+$/, '') : DEFAULT_SERVER;
}

/** A plausible value for a schema: its own example, else one built from its parts. */
export function sampleValue(doc: JsonObject, raw: Json | undefined, depth = 0): Json {
  const schema = followRef(doc, raw);
  if (!isObject(schema) || depth > MAX_DEPTH) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0)
    return schema.examples[0] ?? null;
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] ?? null;
  if (schema.default !== undefined) return schema.default;
  for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = schema[keyword];
    if (!Array.isArray(list) || list.length === 0) continue;
    if (keyword !== 'allOf') return sampleValue(doc, list[0], depth + 1);
    const merged: JsonObject = {};
    for (const part of list) {
      const value = sampleValue(doc, part, depth + 1);
      if (isObject(value)) Object.assign(merged, value);
    }
    return merged;
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || isObject(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(
      isObject(schema.properties) ? schema.properties : {},
    )) {
      if (required.has(key)) out[key] = sampleValue(doc, value, depth + 1);
    }
    return out;
  }
  if (type === 'array') return [sampleValue(doc, schema.items, depth + 1)];
  if (type === 'integer' || type === 'number')
    return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (type === 'boolean') return true;
  if (type === 'string') return schema.format === 'date-time' ? '2025-01-01T12:00:00.000Z' : 'text';
  return null;
}

/** The first example a media type object gives (`example`, else the first of `examples`). */
export function firstExample(doc: JsonObject, media: JsonObject | undefined): Json | undefined {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  if (isObject(media.examples)) {
    for (const example of Object.values(media.examples)) {
      const resolved = followRef(doc, example);
      if (isObject(resolved) && resolved.value !== undefined) return resolved.value;
    }
  }
  return undefined;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `{ a: 1 }`-style literal, indented for a code sample. */
function literal(value: Json, indent: string): string {
  const json = JSON.stringify(value, null, 2);
  return json
    .split('\n')
    .map((line, index) =>
      (index === 0 ? line : indent + line).replace(/^(\s*)"([A-Za-z_$][\w$]*)":/, '$1$2:'),
    )
    .join('\n')
    .replace(/"((?:[^"\\]|\\.)*)"/g, (_match, inner: string) => `'${inner.replace(/'/g, "\\'")}'`);
}

export interface RestSampleInput {
  method: string;
  route: string;
  operation: JsonObject;
  pathItem: JsonObject;
}

export interface RestSamples {
  curl: string;
  client: string;
}

export function restSamples(doc: JsonObject, input: RestSampleInput): RestSamples {
  const { method, route, operation, pathItem } = input;
  const parameters = [
    ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []),
  ]
    .map((raw) => followRef(doc, raw))
    .filter(isObject);
  const value = (parameter: JsonObject): string => {
    const given = parameter.example ?? sampleValue(doc, parameter.schema);
    return typeof given === 'string' ? given : JSON.stringify(given);
  };
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query' && p.required === true);
  let url = route;
  for (const p of pathParams)
    url = url.replace(`{${String(p.name)}}`, encodeURIComponent(value(p)));
  const query = queryParams.map(
    (p) => `${encodeURIComponent(String(p.name))}=${encodeURIComponent(value(p))}`,
  );
  const fullUrl = `${serverUrl(doc)}${url}${query.length > 0 ? `?${query.join('&')}` : ''}`;

  const body = followRef(doc, operation.requestBody);
  const content = isObject(body) && isObject(body.content) ? body.content : {};
  const json = isObject(content['application/json']) ? content['application/json'] : undefined;
  const multipart = isObject(content['multipart/form-data'])
    ? content['multipart/form-data']
    : undefined;
  const headerParams = parameters.filter((p) => p.in === 'header' && p.required === true);

  const curl = [`curl -X ${method.toUpperCase()} ${shellQuote(fullUrl)}`];
  const formLines: string[] = [];
  for (const h of headerParams) curl.push(`-H ${shellQuote(`${String(h.name)}: ${value(h)}`)}`);
  let bodyValue: Json | undefined;
  if (json) {
    bodyValue = firstExample(doc, json) ?? sampleValue(doc, json.schema);
    curl.push(`-H 'content-type: application/json'`, `-d ${shellQuote(JSON.stringify(bodyValue))}`);
  } else if (multipart) {
    const schema = followRef(doc, multipart.schema);
    const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
    const required = new Set(
      isObject(schema) && Array.isArray(schema.required) ? schema.required.map(String) : [],
    );
    for (const [name, raw] of Object.entries(properties)) {
      const property = followRef(doc, raw);
      const binary =
        isObject(property) &&
        (property.format === 'binary' ||
          (isObject(property.items) && property.items.format === 'binary'));
      if (binary) {
        curl.push(`-F ${shellQuote(`${name}=@photo.png`)}`);
        formLines.push(
          `form.append('${name}', file); // a File or Blob, e.g. from <input type="file">`,
        );
      } else if (required.has(name)) {
        const sample = sampleValue(doc, raw);
        const text = typeof sample === 'string' ? sample : JSON.stringify(sample);
        curl.push(`-F ${shellQuote(`${name}=${text}`)}`);
        formLines.push(`form.append('${name}', ${literal(text, '')});`);
      }
    }
  }

  const options: string[] = [];
  const params: string[] = [];
  if (pathParams.length > 0) {
    params.push(
      `path: { ${pathParams.map((p) => `${String(p.name)}: ${literal(value(p), '')}`).join(', ')} }`,
    );
  }
  if (queryParams.length > 0) {
    params.push(
      `query: { ${queryParams.map((p) => `${String(p.name)}: ${literal(value(p), '')}`).join(', ')} }`,
    );
  }
  if (params.length > 0) options.push(`  params: { ${params.join(', ')} },`);
  if (bodyValue !== undefined) options.push(`  body: ${literal(bodyValue, '  ')},`);
  if (multipart) {
    // openapi-fetch sends a FormData as is when the serializer hands it through.
    options.push('  body: form as never,', '  bodySerializer: (body) => body,');
  }
  const verb = method.toUpperCase();
  const call =
    options.length > 0
      ? `await chat.rest.${verb}('${route}', {\n${options.join('\n')}\n});`
      : `await chat.rest.${verb}('${route}');`;
  const client = [
    `import { createChatClient } from '@chat-contract/client';`,
    `const chat = createChatClient('${serverUrl(doc)}');`,
    '',
    ...(formLines.length > 0 ? ['const form = new FormData();', ...formLines] : []),
    `const { data, error } = ${call}`,
  ].join('\n');
  return { curl: curl.join(' \\\n  '), client };
}

/** `socket.emit(…)` for a client event, `socket.on(…)` for a server event. */
export function eventSample(
  doc: JsonObject,
  name: string,
  direction: 'receive' | 'send',
  payload: Json | undefined,
  example: Json | undefined,
): string {
  const setup = [
    `import { createChatClient } from '@chat-contract/client';`,
    `const socket = createChatClient('http://localhost:3001').connectSocket();`,
    '',
  ];
  if (direction === 'receive') {
    const value = example ?? (payload === undefined ? undefined : sampleValue(doc, payload));
    const args = value === undefined ? '' : `, ${literal(value, '')}`;
    return [...setup, `socket.emit('${name}'${args});`].join('\n');
  }
  const schema = followRef(doc, payload);
  const keys =
    isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : [];
  const param = keys.length > 0 && keys.length <= 6 ? `{ ${keys.join(', ')} }` : 'payload';
  return [...setup, `socket.on('${name}', (${param}) => {`, '  // …', '});'].join('\n');
}
