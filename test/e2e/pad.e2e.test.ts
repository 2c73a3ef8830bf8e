/**
 * The pad end to end: the real renderer in Debian's Chromium against the real server (handwriting
 * CNN, Apertium, espeak-ng behind the WebSocket transport). A word written stroke by stroke with
 * pauses gets live candidates after every stroke, is committed once (one log entry), and
 * "Translate & speak" returns the translated speech. Then the other ways to commit (a tapped
 * candidate, the space gesture, Enter), the per-character alternatives with accents, the palette,
 * copy and swap. Screenshots at 1280x800 and 800x600, light and dark, go to test-artifacts/.
 * Nothing is mocked; only the Electron shell is absent (the same UI runs over the WebSocket).
 */
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openApp as openAppIn, type OpenPage } from './helpers/app';
import { drawStrokes, wordStrokes } from './helpers/handwriting';
import { startTestServer, type TestServer } from './helpers/server';
import { shot, useE2eSuite } from './helpers/suite';

const ON_SCREEN = 'mamba:pad-stroke-to-candidates';

const e2e = useE2eSuite('mamba-pad-e2e-');

interface PadPage extends OpenPage {
  /** Speech returned by translate.text, as seen on the wire. */
  speech: { lang: string; wav: Buffer; text: string }[];
}

async function openApp(server: TestServer, opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<PadPage> {
  const speech: PadPage['speech'] = [];
  const onPage = (page: Page): void =>
    void page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        const text = String(f.payload);
        if (!text.includes('wavBase64') || !text.includes('"quality"')) return;
        const m = JSON.parse(text) as { result?: { text: string; speech?: { lang: string; wavBase64: string } } };
        if (m.result?.speech) speech.push({ lang: m.result.speech.lang, wav: Buffer.from(m.result.speech.wavBase64, 'base64'), text: m.result.text });
      }),
    );
  const opened = await openAppIn(e2e.browser, server.url, { ...opts, dark: opts.dark ?? false, permissions: ['clipboard-read', 'clipboard-write'], onPage });
  return { ...opened, speech };
}

const onScreenCount = (page: Page) => page.evaluate((n) => performance.getEntriesByName(n).length, ON_SCREEN);
const drawingEntries = (page: Page) => page.locator('#log-list .entry[data-kind="drawing"]');

/** Draw the strokes one at a time; after each, wait until the page has drawn candidates for it. */
async function writeWithPauses(page: Page, strokes: [number, number][][], pauseMs: number): Promise<string[]> {
  const readings: string[] = [];
  for (const s of strokes) {
    const before = await onScreenCount(page);
    await drawStrokes(page, '#pad', [s]);
    await page.waitForFunction(([n, name]) => performance.getEntriesByName(name as string).length > (n as number), [before, ON_SCREEN] as const, { timeout: 60_000 });
    readings.push((await page.locator('#pad-text').getAttribute('data-text')) ?? '');
    await page.waitForTimeout(pauseMs);
  }
  return readings;
}

test('pad: a word written with pauses gets live candidates after every stroke, is committed once on the pause, and Translate & speak speaks the translation; swap and copy', async () => {
  const userDataDir = path.join(e2e.tmp, 'user-live');
  let server = await startTestServer(userDataDir);
  try {
    const first = await openApp(server);
    const { speech } = first;
    let { page, context, errors } = first;
    await page.selectOption('#pad-model', 'letters');
    await page.selectOption('#pad-pause', '4000'); // well over the pauses below (a loaded machine stretches them), short enough to wait for
    await page.waitForFunction(() => (document.querySelector('#pad-pause') as HTMLSelectElement).value === '4000');

    const strokes = wordStrokes('CAT', { x: 70, y: 40, height: 120 });
    expect(strokes.length).toBe(5); // C, the two of A, the two of T
    const readings = await writeWithPauses(page, strokes, 600);
    // Live: a reading after every stroke, growing with the word; the bar offers whole words.
    expect(readings.every((r) => r.length > 0)).toBe(true);
    expect(readings[readings.length - 1].toUpperCase()).toBe('CAT');
    expect(await page.locator('#pad-candidates .candidate').count()).toBeGreaterThan(0);
    expect((await page.locator('#pad-candidates .candidate').first().getAttribute('data-candidate'))?.toUpperCase()).toBe('CAT');
    expect(await page.locator('#pad-countdown').isVisible()).toBe(true);
    await shot(page, 'e2e-pad-live');
    expect(await drawingEntries(page).count()).toBe(0); // nothing logged while writing

    // The pause commits: the line gets the word, the pad clears, the log gets exactly one entry.
    await page.waitForFunction(() => (document.querySelector('#pad-line') as HTMLInputElement).value.length > 0, undefined, { timeout: 15_000 });
    expect((await page.inputValue('#pad-line')).toUpperCase()).toBe('CAT');
    await page.waitForSelector('#pad-text.empty');
    await drawingEntries(page).first().waitFor();
    expect(((await drawingEntries(page).first().innerText()) ?? '').toUpperCase()).toContain('CAT');

    // One step to speech: Ctrl+Enter translates the line and speaks it (Apertium + espeak-ng).
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#pad-translation[data-spoken="es"]', { timeout: 60_000 });
    expect((await page.locator('#pad-translation-text').innerText()).toLowerCase()).toBe('gato');
    expect(await page.locator('#pad-translation-note').innerText()).toMatch(/word/i);
    expect(speech.length).toBe(1);
    expect(speech[0].lang).toBe('es');
    expect(speech[0].wav.subarray(0, 4).toString()).toBe('RIFF');
    const rate = speech[0].wav.readUInt32LE(24);
    const seconds = (speech[0].wav.length - 44) / (rate * 2);
    expect(seconds).toBeGreaterThan(0.2); // "gato" spoken, not an empty WAV
    await shot(page, 'e2e-pad-translated');

    // Copy and Copy translation put the text on the clipboard.
    await page.click('#pad-copy-translation');
    const translated = await page.locator('#pad-translation-text').innerText();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(translated);
    await page.click('#pad-copy');
    expect((await page.evaluate(() => navigator.clipboard.readText())).toUpperCase()).toBe('CAT');

    // Swap: write in Spanish, translate to English; the translation becomes the line.
    await page.click('#pad-swap');
    expect(await page.inputValue('#pad-lang')).toBe('es');
    expect(await page.inputValue('#pad-to')).toBe('en');
    expect(await page.inputValue('#pad-line')).toBe(translated);
    await page.click('#pad-translate-speak');
    await page.waitForSelector('#pad-translation[data-spoken="en"]', { timeout: 60_000 });
    expect((await page.locator('#pad-translation-text').innerText()).toLowerCase()).toBe('cat');
    expect(speech.map((s) => s.lang)).toEqual(['es', 'en']);

    // Still exactly one entry for the written word (translations and speech have their own kinds).
    expect(await drawingEntries(page).count()).toBe(1);
    expect(await page.locator('#log-list .entry[data-kind="recognition"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();

    // Restart the backend on the same user data: the entry comes back; search finds it.
    await server.close();
    server = await startTestServer(userDataDir);
    ({ page, context, errors } = await openApp(server));
    await drawingEntries(page).first().waitFor({ timeout: 10_000 });
    expect(await drawingEntries(page).count()).toBe(1);
    await page.fill('#log-search', 'cat');
    await page.waitForSelector('#log-list .entry mark');
    for (const b of await page.locator('#log-list .entry .entry-body').allInnerTexts()) expect(b.toLowerCase()).toContain('cat');
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});

test('pad: a correction, an accent, a tapped candidate, the space gesture, Enter and the accent palette each commit once; 800x600 dark', async () => {
  const server = await startTestServer(path.join(e2e.tmp, 'user-commit'));
  try {
    const { page, context, errors } = await openApp(server);
    await page.selectOption('#pad-model', 'letters');
    await page.selectOption('#pad-pause', '0'); // commit only when asked
    await page.waitForFunction(() => (document.querySelector('#pad-pause') as HTMLSelectElement).value === '0');

    // An empty pad: Enter says what to do, nothing is logged.
    await page.locator('#pad').focus();
    await page.keyboard.press('Enter');
    await page.locator('.toast', { hasText: /write a word/i }).first().waitFor();

    // CAT; the second letter's popover offers the engine's alternatives and accents.
    await drawStrokes(page, '#pad', wordStrokes('CAT', { x: 70, y: 40, height: 120 }));
    await page.waitForFunction(() => (document.querySelector('#pad-text') as HTMLElement).dataset.text?.toUpperCase() === 'CAT', undefined, { timeout: 60_000 });
    // A different letter is a correction: saved as a sample for personal training, and logged.
    await page.locator('#pad-text .char').nth(2).click();
    await page.waitForSelector('#alt-popover:not([hidden])');
    const alt = page.locator('#alt-options .alt-option:not(.accent)[aria-selected="false"]').first();
    const altChar = (await alt.getAttribute('data-char'))!;
    expect(altChar.toUpperCase()).not.toBe('T');
    await alt.click();
    await page.locator('#log-list .entry[data-kind="correction"]').first().waitFor();
    await page.waitForFunction((c) => (document.querySelector('#pad-text') as HTMLElement).dataset.text === `CA${c}`, altChar);

    // An accent is not: the models have no accented classes, so only the text changes.
    await page.locator('#pad-text .char').nth(1).click();
    await page.waitForSelector('#alt-popover:not([hidden])');
    expect(await page.locator('#alt-options .alt-option.accent[data-char="Á"]').count()).toBe(1);
    await shot(page, 'e2e-pad-alternatives');
    await page.click('#alt-options .alt-option.accent[data-char="Á"]');
    const word = `CÁ${altChar}`;
    await page.waitForFunction((w) => (document.querySelector('#pad-text') as HTMLElement).dataset.text === w, word);
    expect(await page.locator('#log-list .entry[data-kind="correction"]').count()).toBe(1);
    expect(await page.locator('#pad-candidates .candidate.default').getAttribute('data-candidate')).toBe(word);

    // Space gesture: a line drawn left to right after the word (it ends near x = 406), on its baseline.
    await drawStrokes(page, '#pad', [[[420, 150], [470, 151], [520, 152], [570, 151]]]);
    await page.waitForFunction((w) => (document.querySelector('#pad-line') as HTMLInputElement).value === w, word);
    await drawingEntries(page).first().waitFor();

    // A tapped candidate: write TEA, tap the first candidate.
    await drawStrokes(page, '#pad', wordStrokes('TEA', { x: 70, y: 40, height: 120 }));
    await page.waitForFunction(() => document.querySelectorAll('#pad-candidates .candidate').length > 0 && !document.querySelector('#pad-candidates[aria-busy]'), undefined, { timeout: 60_000 });
    const picked = (await page.locator('#pad-candidates .candidate').first().getAttribute('data-candidate'))!;
    await page.locator('#pad-candidates .candidate').first().click();
    await page.waitForFunction(([a, b]) => (document.querySelector('#pad-line') as HTMLInputElement).value === `${a} ${b}`, [word, picked]);

    // Enter on the pad commits what is read; with "Then: speak it" the word is spoken (and logged as spoken).
    await page.selectOption('#pad-on-commit', 'speak');
    await page.waitForFunction(() => (document.querySelector('#pad-on-commit') as HTMLSelectElement).value === 'speak');
    await drawStrokes(page, '#pad', wordStrokes('NO', { x: 70, y: 40, height: 120 }));
    await page.locator('#pad').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(([a, b]) => (document.querySelector('#pad-line') as HTMLInputElement).value.startsWith(`${a} ${b} `), [word, picked]);
    const line = await page.inputValue('#pad-line');
    expect(line.split(' ').length).toBe(3);
    const third = line.split(' ')[2];
    await page.locator('#log-list .entry[data-kind="spoken"]', { hasText: third }).first().waitFor({ timeout: 60_000 });

    // The palette writes what the models cannot: ¿ starts a phrase, ñ goes in at the caret.
    await page.click('#pad-accents [data-char="¿"]');
    expect(await page.inputValue('#pad-line')).toBe(`${line} ¿`);
    await page.waitForFunction(() => document.querySelectorAll('#log-list .entry[data-kind="drawing"]').length === 3);
    expect(await drawingEntries(page).count()).toBe(3);
    await shot(page, 'e2e-pad-committed');

    // The same page at 800x600 in dark mode: the pad, candidates, line and actions are on screen.
    await page.setViewportSize({ width: 800, height: 600 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await drawStrokes(page, '#pad', wordStrokes('CAT', { x: 30, y: 20, height: 80 }));
    await page.waitForFunction(() => (document.querySelector('#pad-text') as HTMLElement).dataset.text?.toUpperCase() === 'CAT', undefined, { timeout: 60_000 });
    for (const sel of ['#pad', '#pad-candidates', '#pad-line', '#pad-translate-speak']) expect(await page.locator(sel).isVisible()).toBe(true);
    await shot(page, 'e2e-pad-800x600-dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'e2e-pad-1280x800-dark');
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});

test('pad: typed and written words in one line, translated and spoken, then the next word live (the README figure)', async () => {
  const server = await startTestServer(path.join(e2e.tmp, 'user-figure'));
  try {
    const { page, context, errors, speech } = await openApp(server);
    await page.selectOption('#pad-model', 'letters');
    await page.selectOption('#pad-pause', '0');
    await page.waitForFunction(() => (document.querySelector('#pad-pause') as HTMLSelectElement).value === '0');
    // The line is ordinary text: type the start, write the rest.
    await page.fill('#pad-line', 'the black');
    await drawStrokes(page, '#pad', wordStrokes('CAT', { x: 70, y: 40, height: 120 }));
    const cat = page.locator('#pad-candidates .candidate[data-candidate="CAT"]');
    await cat.waitFor({ timeout: 60_000 });
    await cat.click();
    expect(await page.inputValue('#pad-line')).toBe('the black CAT');
    await page.click('#pad-translate-speak');
    await page.waitForSelector('#pad-translation[data-spoken="es"]', { timeout: 60_000 });
    expect((await page.locator('#pad-translation-text').innerText()).toLowerCase()).toBe('el gato negro');
    expect(speech.at(-1)?.lang).toBe('es');
    // The next word, live: candidates and letters, one of them hovered (its ink outlined).
    await drawStrokes(page, '#pad', wordStrokes('HOT', { x: 70, y: 40, height: 120 }));
    await page.waitForFunction(() => (document.querySelector('#pad-text') as HTMLElement).dataset.text?.length === 3, undefined, { timeout: 60_000 });
    await page.locator('#pad-text .char').nth(1).hover();
    await shot(page, 'e2e-pad-figure');
    expect(await drawingEntries(page).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});
