/**
 * The two-pass command decode shared by the voice session and `mamba transcribe`: what the grammar pass
 * decides alone, where the LM pass starts, how its text is combined. Pure logic on decoder outputs
 * (the real decoders on real audio: test/integration/transcribe.test.ts, test/unit/speechWake.test.ts).
 */
import type { Transcript } from '../../../../../src/shared/types';
import { freeTextOf, freeTextSpan, judgeGrammarPass, wordsBetween } from '../../../../../src/main/assistant/voice/commandUtterance';

const tr = (text: string): Transcript => ({ text, engine: 'pocketsphinx', final: true, ms: 5 });
const words = (text: string, startAt = 0) => text.split(' ').map((word, i) => ({ word, start: startAt + i * 8000, end: startAt + (i + 1) * 8000 }));

describe('judgeGrammarPass', () => {
  test('a fixed command stands on the grammar alone (no LM pass)', () => {
    const j = judgeGrammarPass(tr('mamba read this'), words('mamba read this'), { lang: 'en', length: 48000 });
    expect(j.done?.text).toBe('mamba read this');
    expect(j.lm).toBeUndefined();
    expect(judgeGrammarPass(tr('translate what i wrote to french'), [], { lang: 'en', length: 48000 }).done?.text).toBe('translate what i wrote to french');
  });

  test('"translate …": the LM starts 150 ms before the grammar\'s "translate"; its misheard language is replaced', () => {
    const j = judgeGrammarPass(tr('mamba translate good morning to italian'), words('mamba translate good morning to italian', 4000), { lang: 'en', length: 60000 });
    expect(j.lm?.from).toBe(4000 + 8000 - 2400);
    const r = j.lm?.combine(tr('translated good morning to tell it'));
    expect(r).toMatchObject({ via: 'merged', transcript: { text: 'translate good morning to italian' } });
    // The LM's free text is kept where it found a language itself.
    expect(j.lm?.combine(tr('translate good morning to french')).transcript.text).toBe('translate good morning to french');
  });

  test('the LM missed the command word: the grammar\'s reading stands', () => {
    const j = judgeGrammarPass(tr('translate good morning to italian'), words('translate good morning to italian'), { lang: 'en', length: 40000 });
    expect(j.lm?.combine(tr('it runs late good morning'))).toMatchObject({ via: 'grammar', transcript: { text: 'translate good morning to italian' } });
  });

  test('no word times (Vosk): the LM hears the whole utterance; only the wake word heard: the LM from its end', () => {
    expect(judgeGrammarPass(tr('translate'), [], { lang: 'en', length: 40000 }).lm?.from).toBe(0);
    const j = judgeGrammarPass(tr('mamba'), words('mamba'), { lang: 'en', wakeEnd: 6000, length: 40000 });
    expect(j.lm?.from).toBe(6000);
    expect(j.lm?.combine(tr('what a nice day'))).toMatchObject({ via: 'lm', transcript: { text: 'what a nice day' } });
  });
});

describe('freeTextOf: the free text in the LM\'s reading of "translate <free> to"', () => {
  test('after the command word, the trailing "to" dropped', () => {
    expect(freeTextOf('translate good morning to')).toBe('good morning');
    expect(freeTextOf('mamba translates where is the station two', ['where', 'is'])).toBe('where is the station');
  });

  test('a misheard command word (no "transl…" near the start): from the first word the grammar heard among the free words', () => {
    // LM readings of festival/flite "translate …" (clean), with the grammar's free words.
    expect(freeTextOf('on but turns late good morning to', ['good', 'more', 'not', 'a'])).toBe('good morning');
    expect(freeTextOf('mom attends lake a good morning', ['to', 'good', 'morning'])).toBe('good morning');
    expect(freeTextOf('on but from slate where is the train station to', ['where', 'is', 'the', 'train', 'station'])).toBe('where is the train station');
  });

  test('nothing the grammar heard in the LM\'s first words: no free text (the caller asks before translating)', () => {
    expect(freeTextOf('while cairo to', ['will', 'time', 'room', 'of'])).toBe('');
    expect(freeTextOf('one two three four five six seven eight', ['seven'])).toBe('');
  });

  test('freeTextSpan gives the grammar\'s free words and the span from just before the command word to the end of "to"', () => {
    const ws = words('mamba translate good morning to spanish');
    const span = freeTextSpan(ws, 60000);
    expect(span).toMatchObject({ command: 'translate', to_: 'to', language: 'spanish', free: ['good', 'morning'], freeStart: 16000, toStart: 32000 });
    expect(span?.from).toBe(8000 - 2400);
    expect(span?.to).toBe(40000 + 960);
  });
});

describe('wordsBetween: the free text of the LM\'s reading, by the grammar\'s word times', () => {
  // An LM reading of festival's "translate i love you to" (clean): the command word heard as three words.
  const read = [
    { word: 'on', start: 0, end: 1600 },
    { word: 'the', start: 1600, end: 3200 },
    { word: 'trends', start: 3200, end: 8000 },
    { word: 'like', start: 8000, end: 9600 },
    { word: 'i', start: 9800, end: 11200 },
    { word: 'love', start: 11200, end: 14400 },
    { word: 'you', start: 14400, end: 17600 },
    { word: 'to', start: 17800, end: 19200 },
  ];
  const text = (ws: typeof read, from: number, to: number) => wordsBetween(ws, from, to).map((w) => w.word).join(' ');
  test('keeps the words whose middle lies from the first free word to the "to", whatever the command word was heard as', () => {
    expect(text(read, 9700, 17700)).toBe('i love you');
    // A grammar boundary a little off either way moves no word whose middle is clear of it.
    expect(text(read, 9000, 18000)).toBe('i love you');
  });
  test('a last "to" that the LM placed just before the grammar\'s is dropped; a lone word stays', () => {
    expect(text(read, 9700, 20000)).toBe('i love you');
    expect(text(read, 17700, 20000)).toBe('to');
  });
  test('nothing between the places: empty', () => {
    expect(text(read, 20000, 30000)).toBe('');
    expect(text([], 0, 1000)).toBe('');
  });
});
