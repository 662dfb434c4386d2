// Small files the upload checks send, and the multipart helpers that send them. The bytes
// are real (a 1×1 PNG, a short text) so that a server inspecting content still accepts them.
import type { CheckContext } from './context.ts';
import type { HttpExchange } from './http.ts';

export interface Sample {
  bytes: Uint8Array;
  type: string;
  filename: string;
}

export const PNG: Sample = {
  bytes: Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
  ),
  type: 'image/png',
  filename: 'pixel.png',
};

export const TEXT: Sample = {
  bytes: new TextEncoder().encode('conformance sample: plain text\n'),
  type: 'text/plain',
  filename: 'note.txt',
};

export const AUDIO: Sample = {
  // An MPEG audio frame header followed by silence; enough to be audio/mpeg.
  bytes: Uint8Array.from([0xff, 0xfb, 0x90, 0x64, ...new Array<number>(60).fill(0)]),
  type: 'audio/mpeg',
  filename: 'beep.mp3',
};

/** A type none of the upload kinds accepts. */
export const EXECUTABLE: Sample = {
  bytes: new TextEncoder().encode('MZ not really a program'),
  type: 'application/x-msdownload',
  filename: 'tool.exe',
};

/** An image type a browser can run script from: refused at upload (spec: Media safety). */
export const SVG: Sample = {
  bytes: new TextEncoder().encode(
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  ),
  type: 'image/svg+xml',
  filename: 'active.svg',
};

export function blob(sample: Sample): Blob {
  return new Blob([sample.bytes], { type: sample.type });
}

export function form(
  files: Array<[field: string, sample: Sample]>,
  fields: Record<string, string> = {},
): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const [field, sample] of files) data.append(field, blob(sample), sample.filename);
  return data;
}

export function upload(
  t: CheckContext,
  kind: string,
  files: Array<[field: string, sample: Sample]>,
): Promise<HttpExchange> {
  return t.http.call('uploadMedia', { params: { kind }, form: form(files) });
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
