// Reads spec YAML files once, keeping source positions, so any check can turn a JSON pointer
// (or a path of keys) back into `line:col` in the file the node was written in.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import type { Json } from './bundle.ts';
import type { Problem } from './problems.ts';

export type PathSegment = string | number;
export type KeyPath = readonly PathSegment[];

export interface Position {
  line: number;
  col: number;
}

/** `/a/b~1c/0` (with or without a leading `#`) -> `['a', 'b/c', '0']`. */
export function pointerToPath(pointer: string): string[] {
  const bare = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (bare === '' || bare === '/') return [];
  return bare
    .replace(/^\//, '')
    .split('/')
    .map((part) => safeDecode(part).replace(/~1/g, '/').replace(/~0/g, '~'));
}

// Pointers taken from URI fragments may be percent-encoded; a stray `%` is kept literally.
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function pathToPointer(keys: KeyPath): string {
  return keys.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** One parsed YAML file: its plain value, its syntax problems, and pointer -> position. */
export class YamlSource {
  readonly value: Json | undefined;
  readonly problems: Problem[] = [];
  private readonly lineCounter = new LineCounter();
  private readonly root: Node | null;
  private readonly doc: ReturnType<typeof parseDocument> | undefined;

  constructor(
    readonly file: string,
    text: string | undefined,
  ) {
    if (text === undefined) {
      this.problems.push(this.problem(1, 1, 'cannot read file', 'file-read'));
      this.root = null;
      return;
    }
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, keepSourceTokens: true });
    this.root = (this.doc.contents as Node | null) ?? null;
    // Only the first syntax error: the parser's later ones are mostly its own confusion after
    // it, and pointing at one real line beats five doubtful ones.
    for (const [severity, list] of [
      ['error', this.doc.errors.slice(0, 1)],
      ['warning', this.doc.warnings],
    ] as const) {
      for (const error of list) {
        const { line, col } = this.lineCounter.linePos(error.pos[0]);
        // The first line only: the rest is a code frame, and the position is already given.
        const message = (error.message.split('\n')[0] ?? '').replace(
          / at line \d+, column \d+:?$/,
          '',
        );
        this.problems.push({ ...this.problem(line, col, message, 'yaml-syntax'), severity });
      }
    }
    if (this.doc.errors.length === 0) this.value = this.doc.toJS({ maxAliasCount: -1 }) as Json;
  }

  get ok(): boolean {
    return this.value !== undefined;
  }

  /** Read but not parsable: its syntax errors explain everything downstream of it. */
  get broken(): boolean {
    return this.doc !== undefined && this.doc.errors.length > 0;
  }

  /**
   * Position of the node at `keys`, or of its deepest existing ancestor when the path runs
   * past what is written (a missing property is reported on the object that lacks it).
   * A mapping value is reported at its key, which is where a reader looks for it.
   */
  locate(keys: KeyPath): Position {
    let node: unknown = this.root;
    let at: Position = this.position(node) ?? { line: 1, col: 1 };
    for (const key of keys) {
      if (isAlias(node) && this.doc) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(key));
        if (!pair) break;
        at = this.position(pair.key) ?? this.position(pair.value) ?? at;
        node = pair.value;
      } else if (isSeq(node)) {
        const item: unknown = node.items[Number(key)];
        if (item === undefined || !/^\d+$/.test(String(key))) break;
        at = this.position(item) ?? at;
        node = item;
      } else {
        break;
      }
    }
    return at;
  }

  /** A problem at `keys` in this file. */
  problemAt(keys: KeyPath, message: string, rule: string): Problem {
    const { line, col } = this.locate(keys);
    return this.problem(line, col, message, rule);
  }

  private problem(line: number, col: number, message: string, rule: string): Problem {
    return { file: this.file, line, col, severity: 'error', message, rule };
  }

  private position(node: unknown): Position | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lineCounter.linePos(range[0]) : undefined;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

/** Every file is read and parsed once per run, however many documents reference it. */
export class SourceCache {
  private readonly sources = new Map<string, YamlSource>();

  get(file: string): YamlSource {
    const absolute = path.resolve(file);
    let source = this.sources.get(absolute);
    if (!source) {
      let text: string | undefined;
      try {
        text = readFileSync(absolute, 'utf8');
      } catch {
        text = undefined;
      }
      source = new YamlSource(absolute, text);
      this.sources.set(absolute, source);
    }
    return source;
  }
}
