// The reference pages as a reader sees them, in headless Chromium, served by the reference
// server at /docs: each page is screenshotted (full page, into build/docs-screenshots/ for a
// person to look at) and checked for what a screenshot alone would not prove: no script
// errors, no navigation entry cut off or overflowing, the search box filtering the page, a
// request sample on every operation and an emit/listen sample on every event, the links to
// both JSON documents working.
// Needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium): without it the
// test is skipped with a warning, and fails when CI is set.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatApp, createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { CHROMIUM, CHROMIUM_ARGS, IN_CI, NO_CHROMIUM } from '../support/chromium.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = path.join(ROOT, 'build', 'docs-screenshots');
const MISSING = `${CHROMIUM} not found: the docs screenshot test needs Debian's Chromium (apt-get install -y chromium)`;
if (NO_CHROMIUM && !IN_CI) {
  console.warn(
    `\n!!! SKIPPING test/browser/docs: ${MISSING}.\n!!! The docs pages are NOT being checked in a browser.\n`,
  );
}

describe('the reference docs at /docs in Chromium', () => {
  if (NO_CHROMIUM && IN_CI) {
    it('needs Chromium', () => {
      throw new Error(`${MISSING}. CI is set, so this fails instead of skipping.`);
    });
    return;
  }
  const itInChromium = it.skipIf(NO_CHROMIUM);
  let app: ChatApp | undefined;
  let browser: Browser | undefined;
  let base = '';

  beforeAll(async () => {
    if (NO_CHROMIUM) return;
    app = createChatApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', PORT: '0' }));
    const address = await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      timeout: 15_000,
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens a docs page at a laptop-sized viewport, failing on any script error. */
  async function open(url: string): Promise<{ page: Page; problems: string[] }> {
    if (!browser) throw new Error('not started');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    // Failed loads are judged by URL below (the browser's own favicon probe on the JSON
    // documents is not the docs' doing), not by their console line.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console.error: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && url.pathname !== '/favicon.ico') {
        problems.push(`${response.status()} ${url.pathname}`);
      }
    });
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    return { page, problems };
  }

  /** Navigation entries whose text does not fit: wider than the sidebar or clipped. */
  function cutOffNavEntries(page: Page): Promise<string[]> {
    return page.$eval('nav', (nav) => {
      const bounds = nav.getBoundingClientRect();
      const cut: string[] = [];
      if (nav.scrollWidth > nav.clientWidth) {
        cut.push(`<nav> scrolls sideways (${nav.scrollWidth} > ${nav.clientWidth})`);
      }
      for (const link of nav.querySelectorAll('a')) {
        for (const rect of link.getClientRects()) {
          if (rect.right > bounds.right + 0.5) cut.push(link.textContent ?? '');
        }
      }
      return cut;
    });
  }

  for (const name of ['index', 'rest', 'events']) {
    itInChromium(
      `${name}.html: screenshot, nothing cut off in the navigation, no script errors`,
      async () => {
        const { page, problems } = await open(`${base}/docs/${name}.html`);
        try {
          // The REST page is long: a full-page capture takes a while on a loaded machine.
          const shot = await page.screenshot({ fullPage: true, timeout: 150_000 });
          writeFileSync(path.join(SHOTS, `${name}.png`), shot);
          // A PNG of a page with content (an empty page compresses to a few KB).
          expect(shot.subarray(1, 4).toString('latin1')).toBe('PNG');
          expect(shot.length).toBeGreaterThan(20_000);
          expect(await cutOffNavEntries(page)).toEqual([]);
          expect(await page.isVisible('#search')).toBe(true);
          expect(problems).toEqual([]);
        } finally {
          await page.close();
        }
      },
      240_000,
    );
  }

  itInChromium('GET / lands on the docs, whose links to both JSON documents work', async () => {
    const { page, problems } = await open(`${base}/`);
    try {
      expect(new URL(page.url()).pathname).toBe('/docs/');
      for (const doc of ['openapi.json', 'asyncapi.json']) {
        const [response] = await Promise.all([
          page.waitForEvent('response'),
          page.click(`a[href="${doc}"]`),
        ]);
        expect(response.status(), doc).toBe(200);
        expect(JSON.parse(await response.text())).toHaveProperty(
          doc === 'openapi.json' ? 'openapi' : 'asyncapi',
        );
        await page.goBack();
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  itInChromium(
    'every operation has a curl and a typed-client sample; search narrows the page',
    async () => {
      const { page, problems } = await open(`${base}/docs/rest.html`);
      try {
        const perOperation = await page.$$eval('main section.item[id^="op-"]', (sections) =>
          sections.map((section) => ({
            id: section.id,
            samples: [...section.querySelectorAll('pre.sample')].map(
              (pre) => pre.textContent ?? '',
            ),
          })),
        );
        expect(perOperation.length).toBeGreaterThan(10);
        for (const { id, samples } of perOperation) {
          expect(samples, id).toHaveLength(2);
          expect(samples[0], id).toMatch(/^curl -X [A-Z]+ 'http/);
          expect(samples[1], id).toMatch(/await chat\.rest\.[A-Z]+\('\//);
        }
        const all = perOperation.length;
        await page.fill('#search', 'send-message-with-files');
        const visible = await page.$$eval('main section.item', (sections) =>
          sections.filter((s) => !s.hasAttribute('hidden')).map((s) => s.id),
        );
        expect(visible).toContain('op-sendMessageWithFiles');
        expect(visible).not.toContain('op-listConversations');
        expect(visible.length).toBeLessThan(all);
        expect(await page.textContent('#search-count')).toMatch(/^\d+ of \d+ sections match$/);
        writeFileSync(path.join(SHOTS, 'rest-search.png'), await page.screenshot());
        await page.fill('#search', '');
        expect(
          await page.$$eval(
            'main section.item',
            (sections) => sections.filter((s) => s.hasAttribute('hidden')).length,
          ),
        ).toBe(0);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  itInChromium('every event has an emit or listen sample; ?q= presets the search', async () => {
    const { page, problems } = await open(`${base}/docs/events.html?q=new_message`);
    try {
      const perEvent = await page.$$eval('main section.item[id^="event-"]', (sections) =>
        sections.map((section) => ({
          id: section.id,
          sample: section.querySelector('pre.sample')?.textContent ?? '',
        })),
      );
      expect(perEvent.length).toBeGreaterThan(15);
      for (const { id, sample } of perEvent) {
        expect(sample, id).toMatch(/socket\.(emit|on)\('[a-z_]+'/);
      }
      expect(await page.inputValue('#search')).toBe('new_message');
      expect(await page.isVisible('#event-new_message')).toBe(true);
      expect(await page.isVisible('#event-typing_start')).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
