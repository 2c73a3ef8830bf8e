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
import { commandPhrases, mergeSpokenTranslate, WAKE_WORDS, type CommandLang } from './intentRouter';
import type { SpeechEngine, SpeechStream } from '../../engines/speech/types';
import { SPEECH_RATE } from '../../platform/wav';
import { speechPart } from '../../engines/speech/transcribeBuffer';

export type TimedWord = { word: string; start: number; end: number };

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

export interface CommandReading {
  transcript: Transcript;
  via: CommandVia;
}

/**
 * A whole utterance (a file, 'any rate') as a command: pass 1 on the calling thread (~2 % of the audio's
 * length), pass 2 off it. No speech: an empty transcript (via 'grammar').
 */
export async function decodeCommandUtterance(
  engine: SpeechEngine,
  pcm: Int16Array,
  sampleRate: number,
  o: { lang?: LanguageCode } = {},
): Promise<CommandReading> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const speech = speechPart(pcm, sampleRate);
  if (!speech) return { transcript: { text: '', engine: engine.name, final: true, ms: ms() }, via: 'grammar' };
  const lang = commandLang(o.lang ?? engine.lang);
  const stream = openCommandStream(engine, lang);
  let grammar: Transcript;
  let words: TimedWord[];
  try {
    stream.accept(speech);
    grammar = stream.finish();
    words = stream.words?.() ?? [];
  } finally {
    stream.close();
  }
  const j = judgeGrammarPass(grammar, words, { lang, length: speech.length });
  if (j.done) return { transcript: { ...j.done, ms: ms() }, via: 'grammar' };
  const r = j.lm.combine(await engine.transcribe(speech.subarray(j.lm.from), SPEECH_RATE));
  return { transcript: { ...r.transcript, ms: ms() }, via: r.via };
}

/**
 * What `mamba transcribe` prints for a file: the two-pass reading where it is a spoken "translate …"
 * the LM confirmed ('merged') or the grammar heard nothing; otherwise (a fixed command, or not a command
 * at all — the grammar forces any speech onto its nearest phrase) the language model's plain transcript.
 * `commands: true`: the command reading as it is, whatever pass 1 said (like the voice session).
 */
export async function transcribeSpoken(
  engine: SpeechEngine,
  pcm: Int16Array,
  sampleRate: number,
  o: { lang?: LanguageCode; commands?: boolean } = {},
): Promise<CommandReading> {
  const t0 = performance.now();
  const c = await decodeCommandUtterance(engine, pcm, sampleRate, o);
  if (o.commands || c.via !== 'grammar' || !c.transcript.text) return c;
  const t = await engine.transcribe(pcm, sampleRate);
  return { transcript: { ...t, ms: Math.round(performance.now() - t0) }, via: 'lm' };
}
