// End to end in a real browser: the frontend guide's React example (ChatComponent, copied into
// fixture/ChatComponent.jsx with only the deviations listed at its top) against the reference
// server, unchanged. Two headless Chromium pages, alice and bob, each in its own browser
// context, use the component through its own UI (React's development build, in StrictMode);
// the assertions are on the DOM, plus the REST history and the uploaded bytes. Any console
// error, uncaught exception or alert in a page fails the test it happens in.
// Needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium): without it the
// test is skipped with a warning, and fails when CI is set.
// (Chromium's location and flags: test/support/chromium.ts.)
import { crc32, deflateSync } from 'node:zlib';
import type { ValidateFunction } from 'ajv';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  rest_createConversation_200,
  rest_listMessages_200,
  rest_uploadMedia_200,
} from '../../generated/validators.js';
import { type ChatApp, createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { CHROMIUM, CHROMIUM_ARGS, IN_CI, NO_CHROMIUM } from '../support/chromium.ts';
import { type PageServer, startPageServer } from './page-server.ts';

// Playwright adds a fresh temporary --user-data-dir of its own (and refuses one in `args`).
const MISSING = `${CHROMIUM} not found: the browser test of the frontend guide's React example needs Debian's Chromium (apt-get install -y chromium)`;

if (NO_CHROMIUM && !IN_CI) {
  console.warn(
    `\n!!! SKIPPING test/browser: ${MISSING}.\n!!! The guide's React example is NOT being tested.\n`,
  );
}

/** Console errors the guide's code is known to cause and that are not failures; none so far. */
const EXPECTED_ERRORS: RegExp[] = [];

const WAIT = { timeout: 5_000, interval: 25 };

/** A 200 response whose JSON body the spec's validator accepts, typed by it. */
async function api<T>(validate: ValidateFunction<T>, url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body: unknown = await res.json();
  if (res.status !== 200 || !validate(body)) {
    throw new Error(
      `${init?.method ?? 'GET'} ${url} → ${res.status} ${JSON.stringify(validate.errors)}: ` +
        JSON.stringify(body).slice(0, 500),
    );
  }
  return body;
}

/** A PNG of width × height RGB pixels, every pixel different. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      rows.set([x * 80, y * 120, 200], y * (1 + width * 3) + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** What a page shows of one message. */
interface ShownMessage {
  mine: boolean;
  author: string;
  body: string;
  time: string;
  images: Array<{ src: string; loaded: boolean; width: number; height: number }>;
}

interface UserPage {
  name: string;
  page: Page;
}

/**
 * The few DOM members the functions run in the page use (the project's tsconfig has no DOM
 * library, and these functions run in the browser, not here).
 */
interface DomElement {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  cloneNode(deep: true): DomElement;
  remove(): void;
  /** <img> only. */
  src?: string;
  complete?: boolean;
  naturalWidth?: number;
  naturalHeight?: number;
}

function readMessages(page: Page): Promise<ShownMessage[]> {
  return page.$$eval('.messages > .my-message, .messages > .their-message', (nodes: DomElement[]) =>
    nodes.map((node) => {
      const rest = node.cloneNode(true);
      for (const part of rest.querySelectorAll('strong, small, .media-attachments')) {
        part.remove();
      }
      return {
        mine: node.classList.contains('my-message'),
        author: node.querySelector('strong')?.textContent ?? '',
        body: (rest.textContent ?? '').trim(),
        time: node.querySelector('small')?.textContent ?? '',
        images: [...node.querySelectorAll('.media-attachments img')].map((img) => ({
          src: img.src ?? '',
          loaded: Boolean(img.complete) && (img.naturalWidth ?? 0) > 0,
          width: img.naturalWidth ?? 0,
          height: img.naturalHeight ?? 0,
        })),
      };
    }),
  );
}

function onlineUsers(page: Page): Promise<{ heading: string; users: string[] }> {
  return page.$eval('.online-users', (node: DomElement) => ({
    heading: node.querySelector('h3')?.textContent ?? '',
    users: [...node.querySelectorAll('div')].map((d) => d.textContent ?? ''),
  }));
}

async function typingIndicator(page: Page): Promise<string | null> {
  const text = await page
    .locator('.typing-indicator')
    .evaluateAll((nodes: DomElement[]) => nodes.map((n) => n.textContent ?? ''));
  return text.length === 0 ? null : (text[0] ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Records every HTMLMediaElement.play() and how it ended, in window.__sounds: the guide's
 * playNotificationSound does not handle a refused play(), so this shows it actually played.
 */
function recordSounds(): void {
  const page = globalThis as unknown as {
    __sounds: string[];
    HTMLMediaElement: { prototype: { play(this: { src: string }): Promise<void> } };
  };
  page.__sounds = [];
  const { prototype } = page.HTMLMediaElement;
  const play = prototype.play;
  prototype.play = function (this: { src: string }) {
    const result = play.call(this);
    const name = new URL(this.src).pathname;
    result.then(
      () => page.__sounds.push(`played ${name}`),
      (error: { name?: string }) => page.__sounds.push(`refused ${name}: ${error.name}`),
    );
    return result;
  };
}

function sounds(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __sounds: string[] }).__sounds);
}

/** The time the component shows for an ISO date, formatted by the page itself. */
function localTime(page: Page, iso: string): Promise<string> {
  return page.evaluate((date) => new Date(date).toLocaleTimeString(), iso);
}

describe("the frontend guide's React example (ChatComponent) in Chromium", () => {
  if (NO_CHROMIUM && IN_CI) {
    it('needs Chromium', () => {
      throw new Error(`${MISSING}. CI is set, so this fails instead of skipping.`);
    });
    return;
  }
  const itInChromium = it.skipIf(NO_CHROMIUM);

  let app: ChatApp | undefined;
  let pageServer: PageServer | undefined;
  let browser: Browser | undefined;
  let serverUrl = '';
  let conversationSid = '';
  const contexts: BrowserContext[] = [];
  const users = new Map<string, UserPage>();
  /** Unexpected console errors, uncaught exceptions and dialogs, one line each. */
  let problems: string[] = [];

  const liveSockets = () => app?.io.of('/').sockets.size;

  const user = (name: string): UserPage => {
    const found = users.get(name);
    if (!found) throw new Error(`${name}'s page is not open`);
    return found;
  };

  async function openPage(name: string): Promise<UserPage> {
    if (!browser || !pageServer) throw new Error('not started');
    const context = await browser.newContext();
    contexts.push(context);
    context.setDefaultTimeout(WAIT.timeout);
    await context.addInitScript(recordSounds);
    const page = await context.newPage();
    const entry: UserPage = { name, page };
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = `${message.text()} (${message.location().url || 'no source'})`;
      if (!EXPECTED_ERRORS.some((re) => re.test(text))) {
        problems.push(`${name}: console.error: ${text}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`${name}: uncaught: ${error.message}`));
    // The component alerts on message_error; Playwright would dismiss it silently.
    page.on('dialog', (dialog) => {
      problems.push(`${name}: ${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const query = new URLSearchParams({ userId: name, conversationSid });
    await page.goto(`${pageServer.url}/?${query}`);
    users.set(name, entry);
    return entry;
  }

  beforeAll(async () => {
    if (NO_CHROMIUM) return;
    app = createChatApp(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ':memory:', PORT: '0' }),
    );
    const address = await app.listen(0, '127.0.0.1');
    serverUrl = `http://127.0.0.1:${address.port}`;
    [pageServer, browser] = await Promise.all([
      startPageServer(serverUrl),
      chromium.launch({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        timeout: 15_000,
      }),
    ]);
    const created = await api(
      rest_createConversation_200,
      `${serverUrl}/api/conversations/create`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          participants: [
            { id: 'alice', name: 'Alice' },
            { id: 'bob', name: 'Bob' },
          ],
        }),
      },
    );
    conversationSid = created.data.conversation_sid;
  });

  afterEach(() => {
    const found = problems;
    problems = [];
    expect(found, 'browser console errors, uncaught exceptions or dialogs').toEqual([]);
  });

  afterAll(async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await browser?.close();
    await pageServer?.close();
    await app?.close();
  });

  itInChromium('both users connect and join; both pages show who is online', async () => {
    const alice = await openPage('alice');
    // conversation_users arrives after joined_conversation: alice is in the room.
    await expect
      .poll(() => onlineUsers(alice.page), WAIT)
      .toEqual({
        heading: 'Online Users (1)',
        users: ['alice'],
      });
    const bob = await openPage('bob');
    // conversation_users goes to the whole room after a join: bob gets the list, and
    // alice's list (the guide's component only listens to conversation_users) updates too.
    for (const page of [bob, alice]) {
      await expect
        .poll(() => onlineUsers(page.page), WAIT)
        .toEqual({
          heading: 'Online Users (2)',
          users: ['alice', 'bob'],
        });
    }
    expect(await readMessages(alice.page)).toEqual([]);
    expect(await readMessages(bob.page)).toEqual([]);
    // One socket per page: React's StrictMode mounts the component twice in development, and
    // the guide's effect cleanup disconnects the first socket.
    await expect.poll(() => liveSockets(), WAIT).toBe(2);
  });

  itInChromium("alice types: bob sees 'alice is typing...', alice does not", async () => {
    const alice = user('alice');
    const bob = user('bob');
    await alice.page.getByPlaceholder('Type a message...').pressSequentially('Hello bob');
    await expect.poll(() => typingIndicator(bob.page), WAIT).toBe('alice is typing...');
    expect(await typingIndicator(alice.page)).toBeNull();
  });

  itInChromium(
    'messages sent with the form reach both pages, in order, with author and time',
    async () => {
      const alice = user('alice');
      const bob = user('bob');
      await alice.page.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => readMessages(bob.page), WAIT).toHaveLength(1);
      await expect.poll(() => readMessages(alice.page), WAIT).toHaveLength(1);
      // Sending stops the typing indicator.
      await expect.poll(() => typingIndicator(bob.page), WAIT).toBeNull();
      expect(await alice.page.getByPlaceholder('Type a message...').inputValue()).toBe('');

      await bob.page.getByPlaceholder('Type a message...').pressSequentially('Hi alice');
      await expect.poll(() => typingIndicator(alice.page), WAIT).toBe('bob is typing...');
      await bob.page.getByPlaceholder('Type a message...').press('Enter');
      await expect.poll(() => readMessages(alice.page), WAIT).toHaveLength(2);
      await expect.poll(() => readMessages(bob.page), WAIT).toHaveLength(2);

      const { data: history } = await api(
        rest_listMessages_200,
        `${serverUrl}/api/conversations/${conversationSid}/messages`,
      );
      expect(history.map((m) => [m.author, m.body])).toEqual([
        ['alice', 'Hello bob'],
        ['bob', 'Hi alice'],
      ]);
      for (const page of [alice, bob]) {
        const times = await Promise.all(history.map((m) => localTime(page.page, m.date_created)));
        expect(times.every((t) => /\d/.test(t) && t !== 'Invalid Date')).toBe(true);
        expect(await readMessages(page.page), page.name).toEqual([
          {
            mine: page.name === 'alice',
            author: 'alice:',
            body: 'Hello bob',
            time: times[0],
            images: [],
          },
          {
            mine: page.name === 'bob',
            author: 'bob:',
            body: 'Hi alice',
            time: times[1],
            images: [],
          },
        ]);
      }
      // The guide plays a sound for each message from someone else.
      for (const page of [alice, bob]) {
        await expect.poll(() => sounds(page.page), WAIT).toEqual(['played /notification.mp3']);
      }
    },
  );

  itInChromium("reloading bob's page shows the history loaded through REST", async () => {
    const bob = user('bob');
    const before = await readMessages(bob.page);
    expect(before.map((m) => `${m.author} ${m.body}`)).toEqual([
      'alice: Hello bob',
      'bob: Hi alice',
    ]);
    const historyResponse = bob.page.waitForResponse((res) =>
      res.url().endsWith(`/api/conversations/${conversationSid}/messages`),
    );
    await bob.page.reload();
    expect((await historyResponse).status()).toBe(200);
    await expect.poll(() => readMessages(bob.page), WAIT).toEqual(before);
    // The reloaded page's socket replaced the old one.
    await expect.poll(() => liveSockets(), WAIT).toBe(2);
    // Both lists end with both users: the old socket's disconnect and the new socket's join
    // each sent the room its list.
    for (const page of [bob, user('alice')]) {
      await expect
        .poll(() => onlineUsers(page.page), WAIT)
        .toEqual({
          heading: 'Online Users (2)',
          users: ['alice', 'bob'],
        });
    }
  });

  itInChromium("an image sent with the guide's upload helper renders on both pages", async () => {
    const alice = user('alice');
    const bob = user('bob');
    const image = png(3, 2);
    const uploaded = alice.page.waitForResponse((res) => res.url().endsWith('/api/upload/image'));
    await alice.page.locator('#image-upload').setInputFiles({
      name: 'pixels.png',
      mimeType: 'image/png',
      buffer: image,
    });
    const upload = await uploaded;
    expect(upload.status()).toBe(200);
    const uploadBody: unknown = await upload.json();
    if (!rest_uploadMedia_200(uploadBody)) {
      throw new Error(
        `upload response breaks the spec: ${JSON.stringify(rest_uploadMedia_200.errors)}`,
      );
    }
    const { url } = uploadBody;
    expect(url.startsWith(`${serverUrl}/api/media/`), url).toBe(true);

    const shown = {
      body: 'Sent an image',
      images: [{ src: url, loaded: true, width: 3, height: 2 }],
    };
    for (const page of [alice, bob]) {
      await expect
        .poll(async () => (await readMessages(page.page)).at(-1), WAIT)
        .toMatchObject({ ...shown, author: 'alice:', mine: page.name === 'alice' });
    }
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(image)).toBe(true);
    const { data: history } = await api(
      rest_listMessages_200,
      `${serverUrl}/api/conversations/${conversationSid}/messages`,
    );
    expect(history.at(-1)).toMatchObject({ author: 'alice', body: 'Sent an image', media: [url] });
  });

  itInChromium("the voice button (the guide's recorder, stubbed) breaks nothing", async () => {
    const alice = user('alice');
    await alice.page.getByRole('button', { name: '🎤' }).click();
    expect(await readMessages(alice.page)).toHaveLength(3);
  });
});
