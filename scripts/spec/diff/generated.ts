// The generated side of a spec change: runs the project's codegen on both versions of the
// spec and compares the TypeScript it writes declaration by declaration (comments and
// descriptions ignored), following references, so that a change to one schema also names
// the handler inputs/results, reply interfaces and event maps built on it — what a backend
// or frontend will see fail to compile.
import ts from 'typescript';
import { generateFiles } from '../../generate/generate.ts';
import type { Specs } from '../bundle.ts';

export interface DeclarationChange {
  file: string;
  name: string;
  status: 'added' | 'removed' | 'changed';
  /** For a declaration whose own text is unchanged: the changed declaration it uses. */
  via?: string;
}

export interface GeneratedDiff {
  /** Generated files whose contents differ (declaration-level details for the .ts ones). */
  files: string[];
  declarations: DeclarationChange[];
  /** Codegen failed on one side (e.g. an old spec the current codegen rejects). */
  error?: string;
}

/** Interfaces whose members are reported one by one (the maps everything else indexes). */
const DRILL = new Map<string, number>([
  ['paths', 1],
  ['operations', 2],
  ['components', 2],
  ['RestHandlers', 1],
  ['SocketHandlers', 1],
  ['ClientToServerEvents', 1],
  ['ServerToClientEvents', 1],
]);

/** Declaration files compared in detail; validators.d.ts only mirrors rest.ts per status. */
const DETAILED = /^(?!validators)[^/]+\.ts$/;

interface Unit {
  text: string;
  deps: Set<string>;
}

function memberName(member: ts.TypeElement, sf: ts.SourceFile): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))
    return name.text;
  return name.getText(sf);
}

/** `a["b"]['c'][200]` → ['a', 'b', 'c', '200']; a plain reference → [name]. */
function chainOf(node: ts.TypeNode): string[] | undefined {
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) return [node.typeName.text];
  if (ts.isIndexedAccessTypeNode(node)) {
    const inner = chainOf(node.objectType);
    const index = node.indexType;
    if (inner && ts.isLiteralTypeNode(index)) {
      const lit = index.literal;
      if (ts.isStringLiteral(lit) || ts.isNumericLiteral(lit)) return [...inner, lit.text];
    }
    return inner;
  }
  return undefined;
}

function unitsOf(files: Map<string, string>): Map<string, Unit> {
  const units = new Map<string, Unit>();
  const pending: Array<{ file: string; key: string; node: ts.Node }> = [];
  const imports = new Map<string, Map<string, string>>();
  const aliases = new Map<string, string[]>();

  for (const [file, text] of files) {
    if (!DETAILED.test(file)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const fileImports = new Map<string, string>();
    imports.set(file, fileImports);
    const add = (key: string, node: ts.Node) => {
      units.set(`${file}#${key}`, { text: node.getText(sf), deps: new Set() });
      pending.push({ file, key, node });
    };
    const drill = (prefix: string, members: ts.NodeArray<ts.TypeElement>, depth: number) => {
      for (const member of members) {
        const name = memberName(member, sf);
        if (name === undefined) continue;
        const key = `${prefix}.${name}`;
        const type = ts.isPropertySignature(member) ? member.type : undefined;
        if (depth > 1 && type && ts.isTypeLiteralNode(type)) drill(key, type.members, depth - 1);
        else add(key, member);
      }
    };
    for (const statement of sf.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const from = statement.moduleSpecifier.text.replace(/^\.\//, '');
        const bindings = statement.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            fileImports.set(el.name.text, `${from}#${(el.propertyName ?? el.name).text}`);
          }
        }
      } else if (ts.isInterfaceDeclaration(statement)) {
        const depth = DRILL.get(statement.name.text);
        if (depth) drill(statement.name.text, statement.members, depth);
        else add(statement.name.text, statement);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        const chain = chainOf(statement.type);
        if (chain && chain.length > 1 && !statement.modifiers) {
          aliases.set(`${file}#${statement.name.text}`, chain);
        }
        add(statement.name.text, statement);
      } else if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) {
          if (ts.isIdentifier(decl.name)) add(decl.name.text, statement);
        }
      }
    }
  }

  // Resolves a reference chain written in `file` to the unit it lands in.
  const resolve = (file: string, chain: string[], depth = 0): string | undefined => {
    const [root, ...rest] = chain;
    if (root === undefined || depth > 5) return undefined;
    const alias = aliases.get(`${file}#${root}`);
    if (alias) return resolve(file, [...alias, ...rest], depth + 1);
    const imported = imports.get(file)?.get(root);
    let target = file;
    let names = chain;
    if (imported) {
      const [from = '', name = ''] = imported.split('#');
      target = from;
      names = [name, ...rest];
    }
    for (let k = names.length; k > 0; k--) {
      const key = `${target}#${names.slice(0, k).join('.')}`;
      if (units.has(key)) return key;
    }
    return undefined;
  };

  for (const { file, key, node } of pending) {
    const unit = units.get(`${file}#${key}`);
    if (!unit) continue;
    const visit = (n: ts.Node) => {
      if (ts.isIndexedAccessTypeNode(n) || ts.isTypeReferenceNode(n)) {
        const chain = chainOf(n);
        const dep = chain && resolve(file, chain);
        if (dep && dep !== `${file}#${key}`) unit.deps.add(dep);
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
  }
  return units;
}

export function compareGenerated(
  before: Map<string, string>,
  after: Map<string, string>,
): GeneratedDiff {
  const files = [...new Set([...before.keys(), ...after.keys()])]
    .filter((f) => before.get(f) !== after.get(f))
    .sort();
  const a = unitsOf(before);
  const b = unitsOf(after);
  const declarations: DeclarationChange[] = [];
  const changed = new Set<string>();
  const split = (key: string) => {
    const [file = '', name = ''] = key.split('#');
    return { file, name };
  };
  for (const [key, unit] of b) {
    const old = a.get(key);
    if (!old) declarations.push({ ...split(key), status: 'added' });
    else if (old.text !== unit.text) declarations.push({ ...split(key), status: 'changed' });
    else continue;
    changed.add(key);
  }
  for (const key of a.keys()) {
    if (b.has(key)) continue;
    declarations.push({ ...split(key), status: 'removed' });
    changed.add(key);
  }
  // Whatever uses a changed declaration changes with it.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, unit] of b) {
      if (changed.has(key)) continue;
      const dep = [...unit.deps].find((d) => changed.has(d));
      if (!dep) continue;
      changed.add(key);
      const { file, name } = split(dep);
      declarations.push({
        ...split(key),
        status: 'changed',
        via: file === split(key).file ? name : `${file} ${name}`,
      });
      grew = true;
    }
  }
  declarations.sort((x, y) => x.file.localeCompare(y.file) || x.name.localeCompare(y.name));
  return { files, declarations };
}

/** Runs the codegen of this checkout on both versions of the spec. */
export async function diffGenerated(before: Specs, after: Specs): Promise<GeneratedDiff> {
  let old: Map<string, string>;
  let now: Map<string, string>;
  try {
    old = await generateFiles(structuredClone(before));
  } catch (error) {
    return {
      files: [],
      declarations: [],
      error: `codegen failed on the base spec: ${(error as Error).message}`,
    };
  }
  try {
    now = await generateFiles(structuredClone(after));
  } catch (error) {
    return {
      files: [],
      declarations: [],
      error: `codegen failed on the new spec: ${(error as Error).message}`,
    };
  }
  return compareGenerated(old, now);
}
