// Identifier helpers shared by the emitters: spec names -> TypeScript names.

/** `user_connect` -> `UserConnect`, `generateToken` -> `GenerateToken`. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

/** The TypeScript name of a socket event's payload type: `user_connect` -> `UserConnectPayload`. */
export function payloadTypeName(event: string): string {
  return `${pascal(event)}Payload`;
}

/** A string literal for generated source, escaped with JSON rules (valid TS too). */
export function literal(value: string): string {
  return JSON.stringify(value);
}

/** A JSDoc block from free text (spec summaries/descriptions); never breaks out of the comment. */
export function jsdoc(lines: Array<string | undefined>, indent = ''): string {
  const text = lines
    .filter((line): line is string => Boolean(line?.trim()))
    .flatMap((line) => line.trim().split('\n'))
    .map((line) => line.replace(/\*\//g, '*\\/'));
  if (text.length === 0) return '';
  return `${indent}/**\n${text.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}
