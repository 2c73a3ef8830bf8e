/**
 * One spoken command decoded in two passes — the one piece of code behind the voice session's commands
 * and `mamba transcribe` (docs/voice.md, "Two passes"):
 *  1. the command grammar (wake word optional, command list, "translate <free> to <language>"): right
 *     about which command and the language name (one of a handful), with word times;
 *  2. only where the grammar heard "translate …" (not "translate what I wrote"): the full language model
 *     on the audio from just before the grammar's "translate" (the LM hears "mamba" as "mom but", which
 *     led it astray on the words after), for the free text. Its text is kept from the command word on,
 *     and the grammar's "to <language>" replaces a misheard tail (mergeSpokenTranslate: "to Italian" ->
 *     "to tell it"). If the LM missed the command word, the grammar's reading stands (its free words are
 *     from a small list, but the intent is right).
 * The voice session runs pass 1 live on its stream and pass 2 off the main thread (it needs the two
 * steps apart: `judgeGrammarPass`, `combineLmPass`); files go through `decodeCommandUtterance`.
 */
import type { LanguageCode, Transcript } from '../../../shared/types';
import { commandPhrases, LANGUAGE_NAMES, mergeSpokenTranslate, WAKE_WORDS, type CommandLang } from './intentRouter';
import type { ScoredReading, SpeechEngine, SpeechStream } from '../../engines/speech/types';
import { SPEECH_RATE } from '../../platform/wav';
import { heardSpeech } from '../../engines/speech/transcribeBuffer';
import { DENOISE_BELOW_SNR_DB } from '../../engines/speech/denoise';
import { FREE } from '../../engines/speech/grammar';
import { loudMsOutside } from '../../engines/speech/vad';

import type { TimedWord } from '../../engines/speech/types';
export type { TimedWord };

const WAKE_PREFIX = new RegExp(`^(?:${[...new Set(Object.values(WAKE_WORDS).flat())].join('|')})\\s*`, 'u');
/**
 * The LM pass starts this long before the grammar's command word: the streaming decoder places word
 * times from the utterance's end, ~70 ms late at worst; 80 ms clipped "translate" in 3 of 20.
 */
const LM_LEAD_SAMPLES = (150 * SPEECH_RATE) / 1000;

export const commandLang = (lang: LanguageCode | undefined): CommandLang => (lang === 'es' ? 'es' : 'en');

/** A stream for pass 1: the command grammar, the wake word optional before it. */
export function openCommandStream(engine: SpeechEngine, lang: CommandLang): SpeechStream {
  return engine.openStream({ kind: 'grammar', phrases: commandPhrases(lang), prefix: WAKE_WORDS[lang] });
}

/** How a command's text was reached. */
export type CommandVia =
  /** the grammar's reading (a fixed command, or "translate …" whose command word the LM missed) */
  | 'grammar'
  /** "translate …": the LM's text from the command word on, with the grammar's language */
  | 'merged'
  /**
   * the LM's plain reading: the grammar heard nothing (beyond the wake word), or (transcribeSpoken)
   * the utterance is not a spoken "translate …"
   */
  | 'lm';

/** The LM pass to run: on the utterance's audio from `from` (samples); `combine` its transcript with the grammar's. */
export interface LmPass {
  from: number;
  combine(lm: Transcript): { transcript: Transcript; via: CommandVia };
}

/**
 * After pass 1: the command (`done`), or the LM pass still to run. `words`: the grammar's word times in
 * samples from the utterance's start ([] where the engine gives none: the LM then hears it all);
 * `wakeEnd`: where the wake word ends (the LM's start when the grammar heard only that).
 */
export function judgeGrammarPass(
  grammar: Transcript,
  words: TimedWord[],
  o: { lang: CommandLang; wakeEnd?: number; length: number },
): { done: Transcript; lm?: undefined } | { done?: undefined; lm: LmPass } {
  const said = grammar.text.replace(WAKE_PREFIX, '');
  if (said && !(/^(?:translate|traduce)\b/.test(said) && !/\b(?:wrote|escrib)/.test(said))) return { done: grammar };
  const anchor = said.split(' ')[0];
  const at = anchor ? words.find((w) => w.word === anchor) : undefined;
  const from = at ? Math.max(0, at.start - LM_LEAD_SAMPLES) : anchor ? 0 : Math.min(o.wakeEnd ?? 0, o.length);
  return {
    lm: {
      from,
      combine(t) {
        if (!anchor) return { transcript: t, via: 'lm' };
        const ws = t.text.split(' ');
        // "translates"/"translated" for "translate": the grammar says which it was.
        const i = ws.findIndex((w) => w.startsWith(anchor));
        if (i < 0 || !t.text) return { transcript: grammar, via: 'grammar' };
        const text = [anchor, ...ws.slice(i + 1)].join(' ');
        return { transcript: { ...t, text: mergeSpokenTranslate(said, text, { lang: o.lang }) }, via: 'merged' };
      },
    },
  };
}

/** What to do with a decoded command (docs/voice.md, "Confidence"). */
export type CommandDecision =
  /** sure enough: act on it */
  | 'act'
  /** a guess: ask "Did you mean '…'?" and act on "yes" */
  | 'confirm'
  /** not a command (or not understood) */
  | 'reject';

export interface CommandReading {
  /** The command's text, wake word left out; `confidence` 0..1 where the engine scores its grammar. */
  transcript: Transcript;
  via: CommandVia;
  decision: CommandDecision;
  /** The utterance began with the wake word (and it was heard well enough to count). */
  wake: boolean;
  /** Only the wake word was said ("Mamba" … then the command in the next breath). */
  wakeOnly: boolean;
}

/**
 * Confidence from the grammar-vs-phone-loop margin (per-frame score of the best phone sequence minus
 * the grammar's, averaged over the command's words, free words left out): in-grammar speech scores
 * about -2..+1.5 (festival/flite about -2..0, espeak-ng's formant voice 0.5..1.8), other speech forced
 * onto a command 1.8..4 (librivox, pocketsphinx-testdata, ordinary sentences; tuning voices only).
 * A logistic around MARGIN_MID.
 */
const MARGIN_MID = 1.6;
const MARGIN_SCALE = 0.35;
/** Act at or above; confirm between CONFIRM_AT and ACT_AT; below: rejected. */
export const ACT_AT = 0.7;
export const CONFIRM_AT = 0.35;
/** Listening for the wake word: the wake word's own margin must be at most this (negatives' "mamba": mostly 3.8..9). */
const WAKE_MARGIN_MAX = 3;
/** A wake word this sure counts even when the command after it does not (festival/flite "mamba": <= -0.8; negatives' best: -0.1). */
const STRONG_WAKE_MARGIN = -0.6;
/** A lone wake word: at most this much loud audio (ms) outside it. */
const LONE_WAKE_EXTRA_MS = 300;
/**
 * Listening: at most this much loud audio (ms) outside the reading's words (its fillers and silences
 * took it). A command said to Mamba is all command (tuning voices: <= 720 ms, most under 350); a
 * sentence in ordinary speech that happened to hold a "mamba say that again" left seconds unexplained
 * (1.5-7.4 s: a 10 s passage by festival woke Mamba).
 */
const LISTEN_UNEXPLAINED_MAX_MS = 1000;
/** Free words whose mean margin is above this were not heard well: the LM's text is confirmed first. */
const FREE_MARGIN_MAX = 2.5;
/**
 * Free words the LM is less sure of than this (the least word posterior, engines that give one) are
 * confirmed first. On 108 free-text requests by the tuning voices (clean and 20 dB) the LM's text was
 * word for word right 57 times: 0.1 sent 26 of the 51 wrong texts to the question, and 14 of the 57
 * right ones; the held-out voices alike (28 of 56 wrong, 15 of 70 right).
 */
const FREE_POSTERIOR_MIN = 0.1;
/**
 * Free text heard through more noise than this (estimateSnrDb: ~25 dB for speech mixed at 20 dB SNR,
 * ~16 dB at 10 dB, 35 dB with the reverberant room) is confirmed first: at 10 dB the LM's free text was
 * mostly wrong words ("translate but for slave of mormon to spanish"), and "translate what I wrote to
 * French" was read as free text and acted on (4 wrong acts on the tuning voices). The threshold is
 * where noise is suppressed (DENOISE_BELOW_SNR_DB, 30 dB), so 20 dB SNR is asked about too: of the
 * free texts heard at 20 dB that the other checks let through, 25 of 65 were wrong (voiceFreeText.ts).
 */
const FREE_TEXT_MIN_SNR_DB = DENOISE_BELOW_SNR_DB;
/**
 * The fixed-command check (`fixedRivalOf`) runs on free text heard above this SNR: at 10 dB (~16 dB
 * estimated) it turned 13 of 91 real free-text requests into "translate what I wrote to …" questions
 * (13 voices; seven of voiceFreeText.ts's phrases), and mended 6 of the 26 "what I wrote to …" requests.
 */
const FIXED_RIVAL_MIN_SNR_DB = 20;

export const confidenceOf = (margin: number): number => (Number.isFinite(margin) ? 1 / (1 + Math.exp((margin - MARGIN_MID) / MARGIN_SCALE)) : 0);
export const decisionOf = (confidence: number): CommandDecision => (confidence >= ACT_AT ? 'act' : confidence >= CONFIRM_AT ? 'confirm' : 'reject');

const WAKE_SET = new Set(Object.values(WAKE_WORDS).flat());
const FREE_TRANSLATE = /^(?:translate|traduce)$/;

/** Length-weighted mean margin of `ws` (Infinity for none). */
function meanMargin(ws: ScoredReading['words']): number {
  let n = 0;
  let m = 0;
  for (const w of ws) {
    const len = w.end - w.start;
    n += len;
    m += w.margin * len;
  }
  return n ? m / n : Infinity;
}

/**
 * The grammar's scored reading split into wake word, command words and free words (those between
 * "translate" and the last "to"/"al" of a free-text request), each with its margin.
 */
export function judgeScoredReading(r: ScoredReading): { wakeMargin: number; margin: number; freeMargin: number; wake: boolean; said: string } {
  const ws = r.words;
  let i = 0;
  while (i < ws.length && WAKE_SET.has(ws[i].word)) i++;
  const wakeWords = ws.slice(0, i);
  const rest = ws.slice(i);
  const said = rest.map((w) => w.word).join(' ');
  let free: typeof rest = [];
  let fixed = rest;
  if (rest.length > 3 && FREE_TRANSLATE.test(rest[0].word) && !/\b(?:wrote|escrib)/.test(said)) {
    const to = rest.length - 2; // "... to <language>"
    free = rest.slice(1, to);
    fixed = [rest[0], ...rest.slice(to)];
  }
  return {
    wake: wakeWords.length > 0,
    wakeMargin: meanMargin(wakeWords),
    // The wake word counts too: a command heard well after a wake word that was not is still a guess.
    margin: meanMargin([...wakeWords, ...fixed]),
    freeMargin: meanMargin(free),
    said,
  };
}

/**
 * The command phrases an engine can hear in `lang`. Spanish on an engine whose model is English
 * (PocketSphinx's): the fixed commands only, spelt in its phones — free text ("traduce <texto> al …")
 * needs a Spanish language model (a Vosk model).
 */
export function spokenPhrases(engine: SpeechEngine, lang: CommandLang): string[] {
  const phrases = commandPhrases(lang);
  return engine.lang === lang ? phrases : phrases.filter((p) => !p.includes(FREE));
}

const empty = (engine: SpeechEngine, ms: number): Transcript => ({ text: '', engine: engine.name, final: true, ms });

/**
 * One utterance (a file, or what the voice session's VAD gate cut) as a command — the one decode path
 * of the CLI, the voice session and the tests. `wake: 'required'`: it must start with the wake word
 * (listening); 'optional' (after a lone wake word, push-to-talk, files). Engines that score their
 * grammar (PocketSphinx): grammar + phone loop in one off-thread job, the same result for the same
 * audio; for "translate <free text> to <language>" the language model then reads the free text from
 * the grammar's "translate" on. Engines that do not (Vosk): the streaming grammar, every command acted on.
 */
export async function decodeCommandUtterance(
  engine: SpeechEngine,
  pcm: Int16Array,
  sampleRate: number,
  o: { lang?: LanguageCode; wake?: 'required' | 'optional' } = {},
): Promise<CommandReading> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const heard = await heardSpeech(pcm, sampleRate);
  const none: CommandReading = { transcript: empty(engine, ms()), via: 'grammar', decision: 'reject', wake: false, wakeOnly: false };
  if (!heard) return none;
  const { pcm: speech, snrDb } = heard;
  const lang = commandLang(o.lang ?? engine.lang);
  const required = o.wake === 'required';
  let grammar: Transcript;
  let words: TimedWord[];
  let confidence: number | undefined;
  let wake: boolean;
  let freeOk = true;
  if (engine.scoreGrammar) {
    const r = await engine.scoreGrammar(speech, { phrases: spokenPhrases(engine, lang), prefix: WAKE_WORDS[lang], prefixRequired: required, lang });
    const j = judgeScoredReading(r);
    words = r.words;
    // The whole utterance's margin too (fillers and silences included): words the grammar could not
    // place are absorbed by its filler models, which the phone loop beats ("read this book before
    // Monday" heard as a lone "mamba" and fillers).
    confidence = confidenceOf(Math.max(j.margin, r.margin));
    // Listening: the wake word must be heard well, and the command too unless the wake word on its own
    // is unmistakable (then a guess is asked about, or "Sorry, I didn't catch that").
    // A guess ('confirm') wakes Mamba only after an unmistakable wake word: librivox speech came out as
    // "mamba thank you" at confidence 0.47 (its words well matched, the gaps between them not).
    wake =
      j.wake &&
      (!required ||
        (j.wakeMargin <= WAKE_MARGIN_MAX &&
          (decisionOf(confidence) === 'act' || j.wakeMargin <= STRONG_WAKE_MARGIN) &&
          loudMsOutside(speech, r.words, SPEECH_RATE) <= LISTEN_UNEXPLAINED_MAX_MS));
    freeOk = !(j.freeMargin > FREE_MARGIN_MAX);
    grammar = { text: r.text, engine: engine.name, final: true, confidence, ms: ms() };
  } else {
    const stream = openCommandStream(engine, lang);
    try {
      stream.accept(speech);
      grammar = stream.finish();
      words = stream.words?.() ?? [];
    } finally {
      stream.close();
    }
    wake = WAKE_PREFIX.test(grammar.text);
  }
  const said = grammar.text.replace(WAKE_PREFIX, '').trim();
  if (!grammar.text || (required && !wake)) return { ...none, transcript: { ...empty(engine, ms()), ...(confidence !== undefined ? { confidence } : {}) } };
  let decision: CommandDecision = confidence === undefined ? 'act' : decisionOf(confidence);
  if (!said) {
    // Only the wake word: it counts where it was heard well enough, and where little else was said
    // (the grammar's filler models can swallow a sentence around a "mamba": espeak-ng's "read this
    // book before Monday" came out as a lone wake word).
    const w = words.find((x) => WAKE_SET.has(x.word));
    const outside = w ? loudMsOutside(speech, [w], SPEECH_RATE) : 0;
    if (outside > LONE_WAKE_EXTRA_MS) decision = 'reject';
    return { transcript: { ...grammar, text: '', ms: ms() }, via: 'grammar', decision, wake: decision !== 'reject', wakeOnly: decision !== 'reject' };
  }
  const noisy = () => snrDb < FREE_TEXT_MIN_SNR_DB;
  const span = freeTextSpan(words, speech.length);
  if (span) {
    // The LM hears only the free text, cut at the grammar's word times; command word and language are the grammar's.
    const cut = speech.subarray(span.from, span.to);
    const read = engine.readPhrase ? await engine.readPhrase(cut) : null;
    const freeWords = read ? wordsBetween(read.words, span.freeStart - span.from, span.toStart - span.from) : null;
    const free = freeWords ? freeWords.map((w) => w.word).join(' ') : freeTextOf((await engine.transcribe(cut, SPEECH_RATE)).text, span.free);
    // Unsure: a word the LM doubts, or no word that the grammar's free-word loop heard too ("learning"
    // for espeak-ng's "good morning", the loop "look to morning"): on 133 clean requests by 16 voices the
    // second rule caught 14 of the 59 wrong texts (8 that the first let through) and 1 of the 74 right ones
    // (which the first had caught already).
    const lmUnsure = !!freeWords && (freeWords.some((w) => (w.posterior ?? 1) < FREE_POSTERIOR_MIN) || !freeWords.some((w) => span.free.includes(w.word)));
    const text = free ? `${span.command} ${free} ${span.to_} ${span.language}` : said;
    if (decision === 'act' && (!freeOk || !free || snrDb < FIXED_RIVAL_MIN_SNR_DB)) decision = 'confirm';
    // Translating the LM's text where the fixed command explains the same audio nearly as well: ask about the fixed command.
    const rival = decision === 'act' && free ? await fixedRivalOf(engine, speech, span, free.toLowerCase(), lang) : null;
    if (rival && Number.isFinite(rival.fixedMargin) && rival.fixedMargin - rival.freeMargin <= FIXED_RIVAL_GAP) {
      const t = { ...grammar, text: rival.text, ...(confidence !== undefined ? { confidence } : {}), ms: ms() };
      return { transcript: t, via: 'grammar', decision: 'confirm', wake, wakeOnly: false };
    }
    // After the fixed-command check: a "what I wrote" heard unsure or through noise is asked about as itself, not as its misreading.
    if (decision === 'act' && (lmUnsure || noisy())) decision = 'confirm';
    return { transcript: { ...grammar, text, ms: ms() }, via: 'merged', decision, wake, wakeOnly: false };
  }
  const j = judgeGrammarPass({ ...grammar, text: said }, words, { lang, length: speech.length });
  if (j.done) return { transcript: { ...j.done, ms: ms() }, via: 'grammar', decision, wake, wakeOnly: false };
  const r = j.lm.combine(await engine.transcribe(speech.subarray(j.lm.from), SPEECH_RATE));
  // Free text heard badly (or only by the grammar's small word list): say what was heard first.
  if (decision === 'act' && (!freeOk || r.via === 'grammar' || noisy())) decision = 'confirm';
  return { transcript: { ...r.transcript, ...(confidence !== undefined ? { confidence } : {}), ms: ms() }, via: r.via, decision, wake, wakeOnly: false };
}

/**
 * What `mamba transcribe` prints for a file: the command where the audio is one (decided by the
 * confidence; `decision` says whether Mamba would act or ask first), otherwise the language model's
 * plain transcript of the whole file (via 'lm'). `commands: true`: the command reading whatever it is.
 */
export async function transcribeSpoken(
  engine: SpeechEngine,
  pcm: Int16Array,
  sampleRate: number,
  o: { lang?: LanguageCode; commands?: boolean } = {},
): Promise<CommandReading> {
  const t0 = performance.now();
  const c = await decodeCommandUtterance(engine, pcm, sampleRate, { lang: o.lang, wake: 'optional' });
  // A language the engine's model does not speak (Spanish commands on PocketSphinx's English model):
  // its language model's transcript would be English words, not what was said.
  if (o.commands || (c.decision !== 'reject' && c.transcript.text) || commandLang(o.lang ?? engine.lang) !== engine.lang) return c;
  // The whole file as plain speech, denoised like the command passes heard it.
  const heard = await heardSpeech(pcm, sampleRate);
  const t = await engine.transcribe(heard ? heard.pcm : pcm, heard ? SPEECH_RATE : sampleRate);
  return { ...c, transcript: { ...t, ms: Math.round(performance.now() - t0) }, via: 'lm' };
}

/** Margin kept around the free text when it is cut at the grammar's word times (the times are frame-exact, the word edges not). */
const FREE_EDGE = (60 * SPEECH_RATE) / 1000;

/**
 * Where the free text of "translate <free> to <language>" lies (samples), from the grammar's word
 * times: after the command word, before the last "to"/"al"; with the grammar's free words and the
 * sample where the first of them starts. Null for any other reading.
 */
export interface FreeTextSpan {
  from: number;
  to: number;
  command: string;
  to_: string;
  language: string;
  /** The grammar's free words. */
  free: string[];
  /** Where the first free word starts (samples). */
  freeStart: number;
  /** Where the grammar's "to"/"al" before the language starts (samples). */
  toStart: number;
}

export function freeTextSpan(
  words: TimedWord[],
  length: number,
): FreeTextSpan | null {
  const ws = words.filter((w) => !WAKE_SET.has(w.word));
  if (ws.length < 4 || !FREE_TRANSLATE.test(ws[0].word)) return null;
  const said = ws.map((w) => w.word).join(' ');
  if (/\b(?:wrote|escrib)/.test(said)) return null;
  const toWord = ws[ws.length - 2];
  const language = ws[ws.length - 1].word;
  if (!/^(?:to|al)$/.test(toWord.word) || !LANGUAGE_NAMES[language]) return null;
  // From the command word to the end of "to": the LM reads words better with their neighbours
  // (cut at the free text itself, "good morning" came out "i could mourn"); freeTextOf drops them.
  const from = Math.max(0, ws[0].start - LM_LEAD_SAMPLES);
  const to = Math.min(length, toWord.end + FREE_EDGE);
  const free = ws.slice(1, -2).map((w) => w.word);
  return to > from ? { from, to, command: ws[0].word, to_: toWord.word, language, free, freeStart: ws[1].start, toStart: toWord.start } : null;
}

/**
 * The words of a reading that lie between two places (their middle at or after `from`, before `to`):
 * the free text of "translate <free> to <language>" out of the LM's reading of the span around it, by
 * the grammar's word times. The LM misreads the command word itself as often as not ("on the trends
 * like i love you", "albatrosses like i love you": festival and flite, clean), so finding the free text
 * by its words lost or kept the wrong ones. With this cut, the command decoders' true word times and the
 * phrase decoder, clean requests read word for word went from 52 to 73 of 117 (voiceFreeText.ts).
 */
export function wordsBetween(words: TimedWord[], from: number, to: number): TimedWord[] {
  const inside = words.filter((w) => {
    const mid = (w.start + w.end) / 2;
    return mid >= from && mid < to;
  });
  // The LM's "to" can end up just before the grammar's ("i love you to"): the last one is dropped.
  return withoutTrailingTo(inside);
}

/**
 * Ask where the fixed command scores at most this much worse (per-frame margin) than the LM's free text
 * over the free words' audio. The LM's misreadings of "what I wrote" fit that audio only slightly
 * better than the fixed command does (0.04..0.33: "while cairo", "like i've read", "while high road"),
 * real free text far better (tuning voices, clean and 20 dB: 0.8..3.5); the mid-point of the tuning
 * voices' gap (0.17..0.82).
 */
const FIXED_RIVAL_GAP = 0.5;

/**
 * The free text about to be translated ("translate <lmFree> to french") against
 * the fixed command with the same command word and language ("translate what i wrote to french"),
 * both forced onto the audio of the free words and "to <language>" (the grammar's word times say where
 * it starts, `span.freeStart`): the whole utterance's margins of the two differ by less than their spread, because the
 * shared words dominate (docs/voice.md). Null where there is no such fixed command or the engine does
 * not score grammars. Margins: per frame against the phone loop, lower is better; Infinity where the
 * phrase could not be fitted to the audio.
 */
export async function fixedRivalOf(
  engine: SpeechEngine,
  speech: Int16Array,
  span: Pick<FreeTextSpan, 'command' | 'to_' | 'language' | 'freeStart'>,
  lmFree: string,
  lang: CommandLang,
): Promise<{ text: string; fixedMargin: number; freeMargin: number } | null> {
  const fixed = commandPhrases(lang).find((p) => p.startsWith(`${span.command} `) && p.endsWith(` ${span.to_} ${span.language}`) && !p.includes(FREE));
  if (!engine.scoreGrammar || !fixed) return null;
  // To the end of the speech: cut at the language word's end (+60 ms), some readings could not be fitted at all.
  const part = speech.subarray(Math.max(0, span.freeStart - FREE_EDGE));
  const tail = fixed.slice(span.command.length + 1);
  const f = await engine.scoreGrammar(part, { phrases: [tail], lang });
  const g = await engine.scoreGrammar(part, { phrases: [`${lmFree} ${span.to_} ${span.language}`], lang });
  return { text: fixed, fixedMargin: f.margin, freeMargin: g.margin };
}

/** How the LM writes the spoken "to"/"al" before the language (dropped from the end of the free text). */
const TO_LIKE = new Set(['to', 'two', 'too', 'do', 'does', 'the', 'a', 'into', 'in', 'of', 'al', 'el', 'a', 'la']);

/** How far into the LM's text the command word (or the first free word) is looked for. */
const LM_LEAD_WORDS = 6;

/**
 * The LM's reading of "translate <free> to": the free text (command word and trailing "to" dropped).
 * The LM often mishears "translate" itself ("on but turns late good morning", "mom attends lake a good
 * morning": festival and flite, clean); where it has no "transl…" word near the start, its text starts
 * at its first word that the grammar heard among the free words (`grammarFree`), and is '' where there
 * is none (the free text cannot be told from the misheard command word: the caller asks first).
 */
export function freeTextOf(lmText: string, grammarFree?: string[]): string {
  const ws = lmText.trim().split(/\s+/).filter(Boolean);
  const i = ws.findIndex((w) => /^(?:transl|tradu)/.test(w));
  let rest = ws;
  if (i >= 0 && i < 3) rest = ws.slice(i + 1);
  else if (grammarFree?.length) {
    const heard = new Set(grammarFree);
    const k = ws.findIndex((w, j) => j < LM_LEAD_WORDS && heard.has(w));
    rest = k >= 0 ? ws.slice(k) : [];
  }
  return withoutTrailingTo(rest).join(' ');
}

/** The words without a last "to"-like word (the grammar heard "to <language>" there; one word stays). */
function withoutTrailingTo<T extends string | { word: string }>(ws: T[]): T[] {
  const last = ws[ws.length - 1];
  return ws.length > 1 && TO_LIKE.has(typeof last === 'string' ? last : last.word) ? ws.slice(0, -1) : ws;
}

/** Answers to "Did you mean …?" (the wake word may come first). */
const ANSWERS: Record<CommandLang, { yes: string[]; no: string[] }> = {
  en: { yes: ['yes', 'yes please', 'yeah', 'yep', 'do it', 'correct', 'right', 'that is right'], no: ['no', 'no thanks', 'nope', 'cancel', 'wrong', 'no that is wrong'] },
  es: { yes: ['sí', 'si', 'sí por favor', 'vale', 'correcto', 'eso es'], no: ['no', 'no gracias', 'cancela', 'incorrecto'] },
};

/**
 * The answer to "Did you mean …?": 'yes', 'no', or null (not an answer, or not heard well enough:
 * the caller treats it like silence and drops the command).
 */
export async function decodeAnswer(engine: SpeechEngine, pcm: Int16Array, sampleRate: number, o: { lang?: LanguageCode } = {}): Promise<'yes' | 'no' | null> {
  const speech = (await heardSpeech(pcm, sampleRate))?.pcm;
  if (!speech) return null;
  const lang = commandLang(o.lang ?? engine.lang);
  const { yes, no } = ANSWERS[lang];
  let text: string;
  if (engine.scoreGrammar) {
    const r = await engine.scoreGrammar(speech, { phrases: [...yes, ...no], prefix: WAKE_WORDS[lang], lang });
    if (decisionOf(confidenceOf(judgeScoredReading(r).margin)) === 'reject') return null;
    text = r.text;
  } else {
    const stream = engine.openStream({ kind: 'grammar', phrases: [...yes, ...no], prefix: WAKE_WORDS[lang] });
    try {
      stream.accept(speech);
      text = stream.finish().text;
    } finally {
      stream.close();
    }
  }
  const said = text.replace(WAKE_PREFIX, '').trim();
  const norm = (p: string) => p.normalize('NFC');
  return yes.map(norm).includes(said) ? 'yes' : no.map(norm).includes(said) ? 'no' : null;
}
