/**
 * Text -> Intent, shared by voice, typed input, the pad and the CLI. Rules are ordered regular
 * expressions over a cleaned copy of the text (case, punctuation, filler words and the wake word
 * removed); free text (what to translate) is cut from that copy so typed text keeps its case.
 * English rules are always active; the Spanish ones (the seed's commands) when lang is 'es'.
 */
import type { Intent, IntentName, LanguageCode } from '../../../shared/types';
import { FREE, FREE_WORDS } from '../../engines/speech/grammar';

export type CommandLang = 'en' | 'es';

export interface ParseOptions {
  /** Language the user speaks/writes; 'es' activates the Spanish commands (checked first). */
  lang?: LanguageCode;
  source: Intent['source'];
  /** Text came from a recogniser (default: source is 'voice'): forgives a misheard "to" before a language. */
  spoken?: boolean;
}

/** Language names (English and Spanish, accents optional) -> ISO 639-1. */
export const LANGUAGE_NAMES: Record<string, LanguageCode> = {
  english: 'en', inglés: 'en', ingles: 'en',
  spanish: 'es', español: 'es', espanol: 'es', castellano: 'es', castilian: 'es',
  french: 'fr', francés: 'fr', frances: 'fr',
  german: 'de', alemán: 'de', aleman: 'de',
  italian: 'it', italiano: 'it',
  portuguese: 'pt', portugués: 'pt', portugues: 'pt',
  catalan: 'ca', catalán: 'ca',
  galician: 'gl', gallego: 'gl',
  basque: 'eu', euskera: 'eu', vasco: 'eu',
  dutch: 'nl', holandés: 'nl', holandes: 'nl', neerlandés: 'nl',
  romanian: 'ro', rumano: 'ro',
  esperanto: 'eo',
  occitan: 'oc', occitano: 'oc',
}; // prettier-ignore

/** Languages offered in spoken command grammars (what "translate what I wrote to X" can say). */
export const GRAMMAR_LANGUAGES: Record<CommandLang, string[]> = {
  en: ['english', 'spanish', 'french', 'german', 'italian', 'portuguese', 'catalan'],
  es: ['inglés', 'español', 'francés', 'alemán', 'italiano', 'portugués', 'catalán'],
};

export const WAKE_WORDS: Record<CommandLang, string[]> = { en: ['mamba'], es: ['escucha', 'mamba'] };

const LANG_ALT = Object.keys(LANGUAGE_NAMES)
  .sort((a, b) => b.length - a.length)
  .join('|');

// Said around commands, never part of one: stripped from the start and end only, so the text to
// translate keeps its own "please" or "now".
const FILLER_WORDS: Record<CommandLang, string> = {
  en: "mamba|hey|hi|ok|okay|um+|uh+|er+|hmm+|please|could you|can you|would you|will you|just|now|for me|and|so",
  es: 'mamba|escucha|oye|eh+|este|vale|por favor|puedes|podrías|podrias|ahora|y|pues',
};
const FILLERS: Record<CommandLang, [RegExp, RegExp]> = {
  en: [new RegExp(`^(?:(?:${FILLER_WORDS.en})(?:\\s+|$))+`, 'iu'), new RegExp(`(?:(?:^|\\s+)(?:${FILLER_WORDS.en}))+$`, 'iu')],
  es: [new RegExp(`^(?:(?:${FILLER_WORDS.es})(?:\\s+|$))+`, 'iu'), new RegExp(`(?:(?:^|\\s+)(?:${FILLER_WORDS.es}))+$`, 'iu')],
};

type Rule = [IntentName, RegExp];
const W = String.raw`(?:what i (?:wrote|write|have written|'ve written|just wrote)|my (?:writing|handwriting|words)|the pad)`;
const RULES: Record<CommandLang, Rule[]> = {
  en: [
    ['stop', /^(?:stop(?: talking| it| that| reading)?|be quiet|quiet|shut up|cancel|silence|enough|never ?mind)$/iu],
    ['repeat', /^(?:repeat(?: that| it| please)?|say (?:that|it) again|again|one more time|what did you say|pardon)$/iu],
    ['thanks', /^(?:thank you(?: very much| so much)?|thanks(?: a lot)?|thank|cheers)$/iu],
    ['time', /^(?:what(?:'s| is) the time|what time is it(?: now)?|tell me the time|the time|time)$/iu],
    ['read_originals', /^(?:(?:read|say)(?: back| out)? )?(?:me )?(?:the |my )?original(?:s| words?| text)?$/iu],
    ['read_translations', /^(?:(?:read|say)(?: back| out)? )?(?:me )?(?:the |my )?translations?$/iu],
    ['read_written', new RegExp(String.raw`^(?:read|say)(?: back| out)? ${W}$`, 'iu')],
    ['translate_written', new RegExp(String.raw`^translate ${W}(?: (?:to|into|in) (?<to>${LANG_ALT}))?$`, 'iu')],
    ['read_this', /^(?:read(?: this| that| it)?(?: page| text| one| aloud| out loud)?|what does (?:this|it|that) say|capture)$/iu],
    ['translate_text', new RegExp(String.raw`^translate (?<text>.+?)(?: (?:to|into|in))? (?<to>${LANG_ALT})$`, 'iu')],
    ['translate_text', new RegExp(String.raw`^how (?:do you|do i|to) say (?<text>.+?) in (?<to>${LANG_ALT})$`, 'iu')],
    ['translate_text', /^translate (?<text>.+)$/iu],
  ],
  es: [
    ['stop', /^(?:para|parar|detente|alto|silencio|basta|cállate|callate|cancela|cancelar)$/iu],
    ['repeat', /^(?:repite(?:lo)?|repetir|otra vez|de nuevo|qué dijiste|que dijiste)$/iu],
    ['thanks', /^(?:(?:muchas )?gracias)$/iu],
    ['time', /^(?:(?:qué|que) hora es|dime la hora|la hora|hora)$/iu],
    ['read_originals', /^(?:(?:lee|leer|di)(?: me)? )?(?:las |los )?(?:palabras )?originales$/iu],
    ['read_translations', /^(?:(?:lee|leer|di)(?: me)? )?(?:las )?traducciones$/iu],
    ['read_written', /^(?:lee|leer|léeme|leeme) lo que (?:he escrito|escribí|escribi|acabo de escribir)$/iu],
    ['translate_written', new RegExp(String.raw`^(?:traduce|traducir|tradúceme|traduceme) lo que (?:he escrito|escribí|escribi|acabo de escribir)(?: (?:al|a|en) (?<to>${LANG_ALT}))?$`, 'iu')],
    ['read_this', /^(?:captura|capturar|lee esto|léeme esto|leeme esto|lee|qué dice(?: esto| aquí)?|que dice(?: esto| aqui)?)$/iu],
    ['translate_text', new RegExp(String.raw`^(?:traduce|traducir|tradúceme|traduceme) (?<text>.+?) (?:al|a|en) (?<to>${LANG_ALT})$`, 'iu')],
    ['translate_text', new RegExp(String.raw`^(?:cómo|como) se dice (?<text>.+?) en (?<to>${LANG_ALT})$`, 'iu')],
    ['translate_text', /^(?:traduce|traducir|tradúceme|traduceme) (?<text>.+)$/iu],
  ],
}; // prettier-ignore

/** Recognisers mishear the short "to" before a language name; only spoken input gets this leniency. */
const SPOKEN_TO = /\s(?:two|too|does|do|the|a)$/iu;

function clean(text: string, lang: CommandLang): string {
  return text
    .normalize('NFC')
    .replace(/[“”"«»¿?¡!.,;:()[\]]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(FILLERS[lang][0], '')
    .replace(FILLERS[lang][1], '')
    .trim();
}

function languageCode(name: string | undefined): LanguageCode | undefined {
  return name ? LANGUAGE_NAMES[name.toLowerCase()] : undefined;
}

export function parseIntent(text: string, o: ParseOptions): Intent {
  const langs: CommandLang[] = o.lang === 'es' ? ['es', 'en'] : ['en'];
  for (const lang of langs) {
    const t = clean(text, lang);
    if (!t) continue;
    for (const [name, re] of RULES[lang]) {
      const m = re.exec(t);
      if (!m) continue;
      const intent: Intent = { name, lang, source: o.source };
      const to = languageCode(m.groups?.to);
      if (to) intent.to = to;
      if (m.groups?.text !== undefined) {
        let arg = m.groups.text.trim();
        if ((o.spoken ?? o.source === 'voice') && to) arg = arg.replace(SPOKEN_TO, '').trim();
        if (!arg) continue;
        intent.text = arg;
      }
      return intent;
    }
  }
  return { name: 'unknown', text: text.trim(), lang: o.lang === 'es' ? 'es' : 'en', source: o.source };
}

/**
 * The phrases a spoken-command grammar accepts (lower-case words, no wake word). Free-text translation
 * is not in it: the voice session decodes an utterance that starts with "translate" with the full model.
 */
export function commandPhrases(lang: CommandLang): string[] {
  const langs = GRAMMAR_LANGUAGES[lang];
  if (lang === 'es') {
    return [
      'para', 'detente', 'silencio', 'basta', 'repite', 'otra vez', 'gracias', 'muchas gracias', 'qué hora es',
      'originales', 'lee las originales', 'traducciones', 'lee las traducciones', 'captura', 'lee esto',
      'lee lo que escribí', 'traduce lo que escribí', ...langs.map((l) => `traduce lo que escribí al ${l}`),
      ...langs.map((l) => `traduce ${FREE} al ${l}`),
    ]; // prettier-ignore
  }
  // No bare "repeat": espeak-ng's regional accents had "read this" and "read my writing" read as it and
  // acted on (wrong acts on 84 of their commands 5 → 3; the tuning and held-out voices unchanged, clean
  // and at 10 dB); a spoken "Mamba, repeat" is read as "repeat that" (12 of 13 voices acted on).
  return [
    'stop', 'be quiet', 'cancel', 'repeat that', 'say that again', 'thank you', 'thanks',
    'what time is it', 'what is the time', 'read this', 'read this page', 'what does this say',
    'read what i wrote', 'read my writing', 'translate what i wrote', ...langs.map((l) => `translate what i wrote to ${l}`),
    'read the original words', 'read back the original words', 'read the originals',
    'read the translations', 'read back the translations',
    ...langs.map((l) => `translate ${FREE} to ${l}`),
  ]; // prettier-ignore
}

/** What a recogniser's language model writes for the spoken "to"/"al" before a language name. */
const HEARD_AS_TO: Record<CommandLang, Set<string>> = {
  en: new Set(['to', 'two', 'too', 'took', 'tu', 'do', 'does', 'into', 'in', 'of', 'the', 'a']),
  es: new Set(['al', 'a', 'el', 'la', 'en', 'ha']),
};
const EVERYDAY = new Set(FREE_WORDS);

/**
 * A spoken "translate <free text> to <language>" decoded twice: `grammarText` by the command grammar
 * (its free words come from a small list, but its language names are among a handful, so it hears them
 * right) and `lmText` by the full language model (good free text, but it mishears language names:
 * "to Italian" -> "to tell it", "to Portuguese" -> "took or trapeze"). Returns the LM text with, when
 * the LM found no language, its tail from the last plausible "to <something>" replaced by the grammar's
 * "to <language>". Plausible: the "to" is among the last four words with at least one free word before
 * it, and what follows holds a word outside the everyday free-text words (a misheard name comes out as
 * rarer words; "translate I want to go" keeps its "to go"). Otherwise the LM text is returned as is.
 */
export function mergeSpokenTranslate(grammarText: string, lmText: string, o: { lang?: LanguageCode } = {}): string {
  const lang: CommandLang = o.lang === 'es' ? 'es' : 'en';
  const g = /^(?:translate|traduce) .+ (to|al) (\S+)$/u.exec(clean(grammarText, lang));
  if (!g || !LANGUAGE_NAMES[g[2]]) return lmText;
  const heard = parseIntent(lmText, { lang, source: 'voice' });
  if (heard.name !== 'translate_text' || heard.to) return lmText;
  const words = lmText.trim().split(/\s+/);
  for (let i = words.length - 2; i >= Math.max(2, words.length - 4); i--) {
    const tail = words.slice(i + 1).map((w) => w.toLowerCase());
    if (HEARD_AS_TO[lang].has(words[i].toLowerCase()) && tail.some((w) => !EVERYDAY.has(w))) return [...words.slice(0, i), g[1], g[2]].join(' ');
  }
  return lmText;
}
