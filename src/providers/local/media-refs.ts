// Which uploads a message's media list names, read two ways on purpose. Deleting a
// conversation removes only media its messages name exactly (a bare SID, or this server's
// `…/api/media/<sid>` URL): a loose match there could delete someone else's file. Keeping
// an upload as sent (so the unsent-upload sweep leaves it) takes any mention of its SID
// anywhere in an item (a query string, a fragment): a loose match there only keeps a file.

const EXACT_MEDIA_REF = /(?:^|\/api\/media\/)(ME[0-9a-f]{32})$/;
const MENTIONED_SID = /ME[0-9a-f]{32}/g;

function strings(items: unknown): string[] {
  return Array.isArray(items) ? items.filter((item) => typeof item === 'string') : [];
}

/** A stored media list (JSON text), or [] when it does not parse. */
export function parseMediaList(list: string): unknown {
  try {
    return JSON.parse(list);
  } catch {
    return [];
  }
}

/** The media SIDs a media list names exactly: what goes with its conversation. */
export function exactMediaSids(items: unknown): string[] {
  const sids: string[] = [];
  for (const item of strings(items)) {
    const sid = EXACT_MEDIA_REF.exec(item)?.[1];
    if (sid) sids.push(sid);
  }
  return sids;
}

/** Every media SID a media list mentions anywhere: uploads that count as sent. */
export function mentionedMediaSids(items: unknown): string[] {
  return strings(items).flatMap((item) => item.match(MENTIONED_SID) ?? []);
}
