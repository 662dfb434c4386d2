// Checks that a YAML file means the same to a YAML 1.1 parser (PyYAML, SnakeYAML — and so
// Specmatic, Microcks, openapi-generator) as to the YAML 1.2 parser the project uses. Two
// kinds of difference exist:
// - values: 1.1 resolves plain `yes`/`on`/`010`/`1:30`/`2025-01-01` to booleans, octals,
//   sexagesimals and dates. Found by parsing the file both ways (the `yaml` package in 1.1
//   and 1.2 mode) and comparing the results.
// - syntax: inside `[...]`/`{...}`, 1.1 scanners end a plain scalar at `?`, `,`, `:` and
//   brackets (`[Hello, how are you?]` is a parse error for PyYAML). The `yaml` package does
//   not reproduce those scanners, so such scalars are found in the syntax tree: quote them
//   or write the collection in block style.
import { isDeepStrictEqual } from 'node:util';
import {
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
  visit,
} from 'yaml';
import type { Problem } from './problems.ts';

export const YAML11_RULE = 'yaml-1.1';

// A plain scalar in a flow collection that contains one of these (or starts with an
// indicator) is cut short, or refused, by 1.1 scanners.
const FLOW_UNSAFE_INSIDE = /[:?#,[\]{}]/;
const UNSAFE_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

export function checkYaml11(file: string, text: string): Problem[] {
  const lineCounter = new LineCounter();
  const modern = parseDocument(text, { lineCounter, version: '1.2' });
  // Syntax errors are the YAML 1.2 parse's to report (locate.ts): nothing to compare then.
  if (modern.errors.length > 0) return [];
  const problems: Problem[] = [];
  const at = (node: Node | undefined, message: string): void => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    problems.push({ file, line, col, severity: 'error', message, rule: YAML11_RULE });
  };

  visit(modern, {
    Scalar(_key, node, path) {
      if (node.type !== Scalar.PLAIN || typeof node.source !== 'string') return;
      const inFlow = path.some((ancestor) => isCollection(ancestor) && ancestor.flow === true);
      const text = node.source;
      if (inFlow && (FLOW_UNSAFE_INSIDE.test(text) || UNSAFE_START.test(text))) {
        at(
          node,
          `plain scalar ${JSON.stringify(text)} inside [...]/{...}: YAML 1.1 parsers (PyYAML, SnakeYAML) cut it at an indicator or refuse it; quote it or use block style`,
        );
      }
    },
  });

  const legacy = parseDocument(text, { version: '1.1' });
  if (legacy.errors.length > 0) {
    at(undefined, `a YAML 1.1 parser cannot read the file: ${legacy.errors[0]?.message ?? ''}`);
    return problems;
  }
  const modernValue = modern.toJS({ maxAliasCount: -1 }) as unknown;
  const legacyValue = legacy.toJS({ maxAliasCount: -1 }) as unknown;
  if (!isDeepStrictEqual(modernValue, legacyValue)) {
    for (const keys of differences(modernValue, legacyValue, [])) {
      const node = modern.getIn(keys, true) as Node | undefined;
      const modernAt = valueAt(modernValue, keys);
      const legacyAt = valueAt(legacyValue, keys);
      at(
        isPair(node)
          ? (node.value as Node)
          : isScalar(node) || isCollection(node)
            ? node
            : undefined,
        `YAML 1.2 reads ${show(modernAt)} but YAML 1.1 reads ${show(legacyAt)}; quote the value`,
      );
    }
  }
  return problems;
}

function show(value: unknown): string {
  return value instanceof Date ? `a date (${value.toISOString()})` : JSON.stringify(value);
}

function valueAt(value: unknown, keys: readonly (string | number)[]): unknown {
  let node = value;
  for (const key of keys) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

/** Paths (keys of the 1.2 value) where the two values differ, deepest first-level only. */
function differences(a: unknown, b: unknown, at: (string | number)[]): (string | number)[][] {
  if (isDeepStrictEqual(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((item, index) => differences(item, b[index], [...at, index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (isDeepStrictEqual(keys, Object.keys(b))) {
      return keys.flatMap((key) => differences(a[key], b[key], [...at, key]));
    }
  }
  return [at];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}
