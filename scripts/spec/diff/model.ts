// The vocabulary of spec:diff: who a change affects, how bad it is, and where it is. Every
// rule produces Changes; findings.ts groups them by cause for the reports.

export type Severity = 'breaking' | 'non-breaking';

/**
 * Who a change breaks (breaking) or who has to act on it (non-breaking). Socket parties
 * carry their side: a client event is emitted by frontends and listened to by the server,
 * a server event the other way round.
 */
export type Party =
  | 'rest-client'
  | 'rest-server'
  | 'socket-emitter-frontend'
  | 'socket-listener-frontend'
  | 'socket-emitter-server'
  | 'socket-listener-server';

export const PARTY_LABEL: Record<Party, string> = {
  'rest-client': 'REST client',
  'rest-server': 'server implementing REST',
  'socket-emitter-frontend': 'socket emitter (frontend)',
  'socket-listener-frontend': 'socket listener (frontend)',
  'socket-emitter-server': 'socket emitter (server)',
  'socket-listener-server': 'socket listener (server)',
};

export type Side = 'frontend' | 'backend';

export function sideOf(party: Party): Side {
  return party === 'rest-client' || party.endsWith('-frontend') ? 'frontend' : 'backend';
}

export type DocName = 'openapi' | 'asyncapi';

/** One JSON path segment in a bundled document. */
export type Seg = string | number;

export interface Change {
  /** Stable rule id, e.g. `request-field-required-added`. */
  rule: string;
  severity: Severity;
  parties: Party[];
  doc: DocName;
  /** The operation or event it is reached from, e.g. `POST /api/x` or `event send_message`. */
  where: string;
  /** Where in the payload: `request body › participants[].id`, `query userId`, ''. */
  field: string;
  /** JSON path of what changed in the bundled document (new side, old side for removals). */
  path: Seg[];
  /** Where several changes share one cause (a shared response added to many operations). */
  cause?: Seg[];
  /** One line: what changed and why it matters. */
  reason: string;
}

/** `$.paths["/api/x"].post.requestBody` style, readable and unambiguous. */
export function jsonPath(path: readonly Seg[]): string {
  return `$${path
    .map((seg) =>
      typeof seg === 'number'
        ? `[${seg}]`
        : /^[A-Za-z_$][\w$-]*$/.test(seg)
          ? `.${seg}`
          : `[${JSON.stringify(seg)}]`,
    )
    .join('')}`;
}
