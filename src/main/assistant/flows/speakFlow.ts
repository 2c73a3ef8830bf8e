/** Speaking and translating: synthesise (logged as 'spoken'), translate (logged), translate -> speak. */
import type { SpeakRequest, TranslateRequest, TranslateResult } from '../../../shared/contract';
import type { SpeechAudio, Translation } from '../../../shared/types';
import type { FlowContext } from './flowContext';
import { Journal } from '../../runtime/journal';

export async function speak(ctx: FlowContext, req: SpeakRequest): Promise<SpeechAudio> {
  const s = ctx.settings();
  const lang = req.lang ?? s.languages.input;
  let engineName = '';
  const { value: audio, ms } = await Journal.timed(() =>
    ctx.engines.run('tts', (tts) => {
      engineName = tts.name;
      return tts.synthesize(req.text, { lang, voice: req.voice ?? (s.voice.name || undefined), rate: req.rate ?? s.voice.rate });
    }),
  );
  if (req.cue) return audio; // the window's own cue (countdown, hint): not part of the conversation
  ctx.memory.lastUtterance = { text: req.text, lang };
  await ctx.journal.record({ role: 'mamba', kind: 'spoken', text: req.text, lang, ms, meta: { voice: audio.voice, engine: engineName } });
  return audio;
}

export async function translate(ctx: FlowContext, req: TranslateRequest): Promise<TranslateResult> {
  const { value: t, ms } = await Journal.timed(() => ctx.engines.run('translate', (tr) => tr.translate(req.text, req.from, req.to)));
  ctx.memory.lastOriginal = { text: req.text, lang: t.from };
  ctx.memory.lastTranslation = { text: t.text, lang: t.to };
  await recordTranslation(ctx, req.text, t, ms);
  if (!req.speak || !t.text.trim()) return t;
  return { ...t, speech: await speak(ctx, { text: t.text, lang: t.to }) };
}

export async function recordTranslation(ctx: FlowContext, original: string, t: Translation, ms: number): Promise<void> {
  await ctx.journal.record({
    role: 'mamba',
    kind: 'translation',
    text: t.text,
    lang: t.to,
    ms,
    meta: { from: t.from, to: t.to, quality: t.quality, ...(t.via ? { via: t.via } : {}), original: original.slice(0, 500) },
  });
}
