/**
 * Speech output with the real espeak-ng (Debian package espeak-ng; scripts/setup.sh installs it).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SpeechAudio } from '../../../../../src/shared/types';
import { readWav } from '../../../../../src/main/platform/wav';
import { chunkText, createTts, sanitiseForSay, TtsEngine, MAX_TTS_CHARS } from '../../../../../src/main/engines/tts';
import { identifyLanguage } from '../../../../../src/main/engines/translate';
import { failure } from '../../../../fixtures/failure';

let tts: TtsEngine;
beforeAll(async () => {
  tts = await createTts({ identifyLanguage }); // the translator's detector, as the app wires it
});
afterAll(async () => {
  await tts.close();
});

function seconds(a: SpeechAudio): number {
  const bytes = Buffer.from(a.wavBase64, 'base64');
  const wav = readWav(bytes, { sampleRate: null });
  expect(wav.sampleRate).toBe(a.sampleRate);
  expect(wav.warnings).toEqual([]); // header sizes match the data
  return wav.pcm.length / wav.sampleRate;
}


test('espeak-ng is the engine here', () => {
  expect(tts.name).toBe('espeak-ng');
});

test('the festival injection string is spoken as text and runs nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-tts-inj-'));
  const marker = path.join(dir, 'pwned');
  try {
    const attack = `hi") (system "touch ${marker}") (SayText "x`;
    const a = await tts.synthesize(attack, { lang: 'en' });
    // Every word is read out: as long as speaking a harmless text of the same words.
    const plain = await tts.synthesize(`hi system touch ${marker.replace(/[/-]/g, ' ')} say text x`, { lang: 'en' });
    expect(seconds(a)).toBeGreaterThan(2);
    expect(seconds(a)).toBeGreaterThan(seconds(plain) * 0.6);
    // Leading dashes and quotes are text too (no option injection either).
    await tts.synthesize(`--stdout -w ${marker} $(touch ${marker}) \`touch ${marker}\``, { lang: 'en' });
    expect(fs.existsSync(marker)).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the voice follows the language of the text', async () => {
  const es = await tts.synthesize('Hola, ¿cómo estás? Muy bien, gracias por preguntar.');
  expect(es).toMatchObject({ lang: 'es', voice: 'es' });
  const en = await tts.synthesize('Hello, how are you? Very well, thank you for asking.');
  expect(en).toMatchObject({ lang: 'en', voice: 'en-us' });
  const word = await tts.synthesize('hola');
  expect(word.lang).toBe('es');
  expect(seconds(es)).toBeGreaterThan(1);
});

test('language and voice can be given', async () => {
  expect(await tts.synthesize('Hello', { lang: 'es' })).toMatchObject({ lang: 'es', voice: 'es' });
  expect(await tts.synthesize('Hola amigos', { voice: 'es-419' })).toMatchObject({ voice: 'es-419' });
});

test('rate changes the speed', async () => {
  const text = 'This sentence is read at two different speeds for the test.';
  const normal = seconds(await tts.synthesize(text, { lang: 'en' }));
  const fast = seconds(await tts.synthesize(text, { lang: 'en', rate: 350 }));
  expect(fast).toBeLessThan(normal * 0.75);
  expect((await failure(tts.synthesize(text, { rate: 1000 }))).code).toBe('BAD_INPUT');
  expect((await failure(tts.synthesize(text, { rate: 2 }))).code).toBe('BAD_INPUT');
});

test('long text is spoken in sentence chunks into one WAV', async () => {
  const sentence = 'The quick brown fox jumps over the lazy dog. ';
  const text = sentence.repeat(25); // ~1100 chars: two chunks
  expect(chunkText(text, 1000).length).toBe(2);
  const one = seconds(await tts.synthesize(sentence, { lang: 'en' }));
  const all = seconds(await tts.synthesize(text, { lang: 'en' }));
  expect(all).toBeGreaterThan(one * 20);
});

test('bad input gets clear errors', async () => {
  expect((await failure(tts.synthesize(''))).code).toBe('EMPTY_INPUT');
  expect((await failure(tts.synthesize(' ... !! '))).code).toBe('EMPTY_INPUT');
  expect((await failure(tts.synthesize('a '.repeat(MAX_TTS_CHARS)))).code).toBe('TOO_LARGE');
  expect((await failure(tts.synthesize('hi', { voice: 'en"; touch x' }))).code).toBe('BAD_INPUT');
  const unknown = await failure(tts.synthesize('hi', { voice: 'zz' }));
  expect(unknown.code).toBe('BAD_INPUT');
  expect(unknown.message).toMatch(/no voice 'zz'/);
});

test('missing espeak-ng is reported with the fix', async () => {
  const e = await failure(createTts({ espeakCommand: '/nonexistent/espeak-ng', platform: 'linux' }));
  expect(e.code).toBe('ENGINE_UNAVAILABLE');
  expect(e.fix).toBe('sudo apt install espeak-ng');
});

test('the npm say engine is refused on Linux (festival injection), allowed on macOS/Windows', async () => {
  const e = await failure(createTts({ engine: 'say', platform: 'linux' }));
  expect(e.code).toBe('ENGINE_UNAVAILABLE');
  expect(e.message).toMatch(/festival/);
});

test('refusing the system voice names the right fix: choose espeak-ng where it is installed, install it where not', async () => {
  const installed = await failure(createTts({ engine: 'say', platform: 'linux' })); // espeak-ng is installed here
  expect(installed.fix).toMatch(/choose espeak-ng/i);
  expect(installed.fix).not.toMatch(/apt install/);
  const missing = await failure(createTts({ engine: 'say', platform: 'linux', espeakCommand: '/nonexistent/espeak-ng' }));
  expect(missing.fix).toMatch(/sudo apt install espeak-ng/);
});

test('text for `say` cannot become an option', () => {
  expect(sanitiseForSay('-o /tmp/x hello')).toBe('o /tmp/x hello');
  expect(sanitiseForSay(' --voice=x\u0000 hi')).toBe('voice=x  hi');
});

describe('chunking', () => {
  test('cuts at sentence ends, keeps every word, respects the limit', () => {
    const text = 'One. Two? Three! ¿Cuatro? Five… ' + 'word '.repeat(300) + '\nLast line';
    const chunks = chunkText(text, 200);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(200);
    expect(chunks.join(' ').split(/\s+/)).toEqual(text.trim().split(/\s+/));
    expect(chunks[0]).toBe('One. Two? Three! ¿Cuatro? Five…');
  });
});
