import { commandPhrases, mergeSpokenTranslate, parseIntent } from '../../../../../src/main/assistant/voice/intentRouter';
import type { IntentName } from '../../../../../src/shared/types';

const en = (t: string) => parseIntent(t, { source: 'typed' });
const es = (t: string) => parseIntent(t, { source: 'typed', lang: 'es' });

describe('intent router', () => {
  const english: [string, IntentName][] = [
    ['read this', 'read_this'],
    ['Mamba, read this please.', 'read_this'],
    ['what does this say?', 'read_this'],
    ['read what I wrote', 'read_written'],
    ['um read my handwriting', 'read_written'],
    ['translate what I wrote', 'translate_written'],
    ['repeat', 'repeat'],
    ['Say that again', 'repeat'],
    ['STOP', 'stop'],
    ['be quiet', 'stop'],
    ['what time is it', 'time'],
    ["What's the time?", 'time'],
    ['thank you', 'thanks'],
    ['thanks a lot', 'thanks'],
    ['read the original words', 'read_originals'],
    ['read back the original words', 'read_originals'],
    ['read back the translations', 'read_translations'],
    ['the translations', 'read_translations'],
    ['open the pod bay doors', 'unknown'],
    ['', 'unknown'],
  ];
  test.each(english)('en: %j -> %s', (text, name) => expect(en(text).name).toBe(name));

  test('translate <text> to <language>: text keeps its case, language -> ISO code', () => {
    expect(en('Mamba, translate Good Morning, my friend to Spanish please')).toEqual({
      name: 'translate_text',
      text: 'Good Morning my friend',
      to: 'es',
      lang: 'en',
      source: 'typed',
    });
    expect(en('how do you say where is the station in French')).toMatchObject({ name: 'translate_text', text: 'where is the station', to: 'fr' });
    expect(en('translate what I wrote into german')).toMatchObject({ name: 'translate_written', to: 'de' });
    expect(en('translate hello')).toMatchObject({ name: 'translate_text', text: 'hello' });
    expect(en('translate hello').to).toBeUndefined();
    // "please" inside the text to translate is the user's, not a filler.
    expect(en('translate please sit down to spanish')).toMatchObject({ text: 'please sit down', to: 'es' });
  });

  test('spoken "to" misheard before the language is forgiven for voice only', () => {
    expect(parseIntent('translate good morning my friend does spanish', { source: 'voice' })).toMatchObject({
      name: 'translate_text',
      text: 'good morning my friend',
      to: 'es',
    });
    expect(en('translate good morning my friend does spanish').text).toBe('good morning my friend does');
  });

  const spanish: [string, IntentName, string][] = [
    ['Escucha, captura', 'read_this', ''],
    ['originales', 'read_originals', ''],
    ['lee las traducciones', 'read_translations', ''],
    ['¿Qué hora es?', 'time', ''],
    ['que hora es', 'time', ''],
    ['gracias', 'thanks', ''],
    ['muchas gracias', 'thanks', ''],
    ['para', 'stop', ''],
    ['repite', 'repeat', ''],
    ['lee lo que escribí', 'read_written', ''],
    ['traduce lo que escribí al inglés', 'translate_written', 'en'],
    ['traduce buenos días al francés', 'translate_text', 'fr'],
    ['what time is it', 'time', ''], // English stays active for a Spanish speaker
  ];
  test.each(spanish)('es: %j -> %s', (text, name, to) => {
    const i = es(text);
    expect(i.name).toBe(name);
    if (to) expect(i.to).toBe(to);
  });

  test('Spanish aliases are not active for an English speaker', () => {
    expect(en('captura').name).toBe('unknown');
    expect(en('gracias').name).toBe('unknown');
    expect(es('captura').lang).toBe('es');
  });

  test('every grammar phrase parses to a known intent (grammar and router agree)', () => {
    for (const p of commandPhrases('en')) expect([p, en(p).name]).not.toEqual([p, 'unknown']);
    for (const p of commandPhrases('es')) expect([p, es(p).name]).not.toEqual([p, 'unknown']);
  });

  test(`spoken translate: the grammar pass's language replaces a misheard "to <something>" tail of the LM text`, () => {
    expect(mergeSpokenTranslate('mamba translate can new help me to italian', 'translate can you help me to tell it')).toBe('translate can you help me to italian');
    expect(mergeSpokenTranslate('mamba translate my name is to on to portuguese', 'translate my name is john took or turkeys')).toBe('translate my name is john to portuguese');
    // The LM heard a language itself: kept.
    expect(mergeSpokenTranslate('translate where is the hotel to french', 'translate where is the hotel to spanish')).toBe('translate where is the hotel to spanish');
    // An everyday-word tail is what was said ("want to go"), not a misheard language name.
    expect(mergeSpokenTranslate('translate i want to german', 'translate i want to go')).toBe('translate i want to go');
    // No "to"-like word near the end, or the grammar did not hear a translate command: the LM text as it is.
    expect(mergeSpokenTranslate('translate thank you very much to german', 'translate thank you very much determined')).toBe('translate thank you very much determined');
    expect(mergeSpokenTranslate('what time is it', 'translate hello to tell it')).toBe('translate hello to tell it');
  });
});
