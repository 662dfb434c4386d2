// Dependency-free HTML building for the reference docs: a tagged template that escapes every
// interpolated string unless it is already markup, and a deliberately tiny Markdown subset
// (paragraphs, `-` lists, `code`, **bold**) — all the spec descriptions use.

/** Markup that is already safe; anything else interpolated into `html` is escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((part, index) => {
    out += render(part) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

/** Anchor ids from spec names; stable so links from elsewhere keep working. */
export function anchor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/** Inline Markdown only (no paragraphs), for descriptions shown inside a line. */
export function inlineMarkdown(text: string | undefined): Html {
  return new Html(text ? inline(text.trim().replace(/\s*\n\s*/g, ' ')) : '');
}

/** The Markdown subset the spec descriptions use; anything else stays literal text. */
export function markdown(text: string | undefined): Html {
  if (!text) return new Html('');
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list.length > 0)
      blocks.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    paragraph = [];
    list = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
    } else if (/^[-*] /.test(line)) {
      if (paragraph.length > 0) {
        blocks.push(`<p>${inline(paragraph.join(' '))}</p>`);
        paragraph = [];
      }
      list.push(line.slice(2));
    } else if (list.length > 0 && /^\s/.test(raw)) {
      // A wrapped list item continues the previous bullet.
      list[list.length - 1] += ` ${line}`;
    } else {
      if (list.length > 0) flush();
      paragraph.push(line);
    }
  }
  flush();
  return new Html(blocks.join('\n'));
}

const STYLE = `
:root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --code: rgba(127,127,127,.12); }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; display: flex; }
nav { position: sticky; top: 0; height: 100vh; overflow-y: auto; overflow-x: hidden; width: 22rem;
  flex: none; border-right: 1px solid var(--line); padding: 1rem; box-sizing: border-box; font-size: 14px; }
nav ul { list-style: none; padding-left: .75rem; margin: .25rem 0; }
nav li { margin: .1rem 0; }
/* Long routes and event names wrap at any character rather than being cut off. */
nav a { overflow-wrap: anywhere; word-break: break-word; }
#search { width: 100%; box-sizing: border-box; font: inherit; padding: .35rem .5rem; margin-bottom: .25rem;
  border: 1px solid var(--line); border-radius: 4px; }
#search-count { min-height: 1.2em; margin: 0 0 .5rem; font-size: 13px; }
.sample-label, .example-label { margin: .75rem 0 .25rem; font-weight: 600; font-size: 14px; }
.sample-label .muted, .example-label .muted { font-weight: 400; }
pre.sample { border-left: 3px solid #16a34a; }
nav > ul { padding-left: 0; }
main { padding: 1rem 2rem 4rem; max-width: 64rem; min-width: 0; }
a { color: #2563eb; text-decoration: none; } a:hover { text-decoration: underline; }
code, pre { font: 13px/1.4 ui-monospace, monospace; background: var(--code); border-radius: 4px; }
code { padding: 0 .25rem; } pre { padding: .75rem; overflow-x: auto; }
section.item { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; font: 600 12px/1.6 ui-monospace, monospace;
  color: #fff; background: #6b7280; text-transform: uppercase; }
.get { background: #2563eb; } .post { background: #16a34a; } .delete { background: #dc2626; }
.put, .patch { background: #d97706; } .receive { background: #7c3aed; } .send { background: #0891b2; }
.muted { color: var(--muted); } .req { color: #dc2626; font-weight: 600; }
.schema ul { list-style: none; padding-left: 1.1rem; border-left: 1px dotted var(--line); margin: .15rem 0; }
.schema > ul { padding-left: 0; border: 0; }
details > summary { cursor: pointer; color: var(--muted); }
`;

// Filters the navigation and the sections as you type (`/` focuses the box; `?q=` presets it).
const SEARCH_SCRIPT = `
const input = document.getElementById('search');
const count = document.getElementById('search-count');
const sections = [...document.querySelectorAll('main section.item')];
const items = [...document.querySelectorAll('nav li')];
function filter() {
  const query = input.value.trim().toLowerCase();
  let shown = 0;
  for (const section of sections) {
    const match = query === '' || section.textContent.toLowerCase().includes(query);
    section.hidden = !match;
    if (match) shown++;
  }
  for (const item of items) {
    item.hidden = query !== '' && !item.textContent.toLowerCase().includes(query);
  }
  count.textContent = query === '' ? '' : shown + ' of ' + sections.length + ' sections match';
}
input.addEventListener('input', filter);
document.addEventListener('keydown', (event) => {
  if (event.key === '/' && document.activeElement !== input) {
    event.preventDefault();
    input.focus();
  }
});
const preset = new URLSearchParams(location.search).get('q');
if (preset) { input.value = preset; filter(); }
`;

export function page(title: string, toc: Html, body: Html, { back = true } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${new Html(STYLE)}</style>
</head>
<body>
<nav>${back ? html`<p><a href="index.html">← All references</a></p>` : ''}
<input id="search" type="search" placeholder="Search (press /)" aria-label="Search this page" autocomplete="off">
<p id="search-count" class="muted" aria-live="polite"></p>
${toc}</nav>
<main>${body}</main>
<script>${new Html(SEARCH_SCRIPT)}</script>
</body>
</html>
`.value;
}
