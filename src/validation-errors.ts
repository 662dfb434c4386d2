// One wording for schema violations, REST and socket alike (the generated validators
// collect every error): each problem as `<where><path> <what>`, at most
// MAX_REPORTED_PROBLEMS of them, joined by `; `. An unknown property is named in its path.
// REST: `request/body/participants/0/name must NOT have fewer than 1 characters`;
// socket: `payload/conversationSid must match pattern "^CH[0-9a-f]{32}$"`.

export const MAX_REPORTED_PROBLEMS = 10;

interface SchemaError {
  keyword?: string;
  instancePath: string;
  message?: string;
  params?: object;
}

function problem(where: string, error: SchemaError): string {
  const extra = (error.params as { additionalProperty?: unknown } | undefined)?.additionalProperty;
  if (error.keyword === 'additionalProperties' && typeof extra === 'string') {
    return `${where}${error.instancePath}/${extra} is not an allowed property`;
  }
  return `${where}${error.instancePath} ${error.message ?? 'is invalid'}`;
}

export function describeValidation(
  where: string,
  errors: readonly SchemaError[] | null | undefined,
): string {
  if (!errors || errors.length === 0) return `${where} is invalid`;
  // allErrors can report one problem several times (e.g. through anyOf branches).
  const problems = [...new Set(errors.map((error) => problem(where, error)))];
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
