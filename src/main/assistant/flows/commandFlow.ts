/**
 * Intents -> actions, the same for typed commands, voice and the tray: "what time is it"
 * speaks the time, "repeat" repeats the last utterance, "read/translate what I wrote" uses
 * the last pad recognition, "read the originals/translations" the last read-this.
 * Every command and reply is logged.
 */
import type { AssistantReply } from '../../../shared/contract';
import type { Intent, Transcript } from '../../../shared/types';
import { toMambaError } from '../../../shared/errors';
import type { FlowContext } from './flowContext';
import { Lang, asLang, phrase, sayTime } from '../voice/phrases';
import { speak, translate } from './speakFlow';

/** Typed command text -> intent (shared router) -> reply. */
export async function runTypedCommand(ctx: FlowContext, text: string, lang?: Lang): Promise<AssistantReply> {
  const l = lang ?? ctx.settings().languages.input;
  const intent = ctx.factories.parseIntent(text, { lang: l, source: 'typed' });
  await ctx.journal.record({ role: 'user', kind: 'command', text, lang: l, meta: { intent: intent.name, source: 'typed' } });
  return perform(ctx, intent);
}

/** A spoken command (already transcribed and parsed by the voice session). */
export async function runVoiceCommand(ctx: FlowContext, transcript: Transcript, intent: Intent): Promise<AssistantReply> {
  await ctx.journal.record({
    role: 'user',
    kind: 'transcript',
    text: transcript.text,
    lang: intent.lang,
    ms: transcript.ms,
    meta: { intent: intent.name, engine: transcript.engine, source: 'voice' },
  });
  return perform(ctx, intent);
}

export async function perform(ctx: FlowContext, intent: Intent): Promise<AssistantReply> {
  const lang = asLang(intent.lang);
  const m = ctx.memory;
  const say = async (text: string, sayLang: string = lang): Promise<AssistantReply> => {
    try {
      return { intent, say: text, speech: await speak(ctx, { text, lang: sayLang }) };
    } catch (e) {
      // Without a voice the reply is still shown; the engine status says why it is silent.
      await ctx.journal.record({ role: 'mamba', kind: 'error', text: toMambaError(e).toLine(), lang });
      return { intent, say: text };
    }
  };
  const translateAndSay = async (text: string, to: string): Promise<AssistantReply> => {
    const t = await translate(ctx, { text, from: 'auto', to, speak: true });
    const { speech, ...translation } = t;
    return { intent, say: translation.text, translation, ...(speech ? { speech } : {}) };
  };
  const target = intent.to ?? ctx.settings().languages.translateTo;

  switch (intent.name) {
    case 'time':
      return say(sayTime(new Date(), lang));
    case 'repeat':
      return m.lastUtterance ? say(m.lastUtterance.text, m.lastUtterance.lang) : say(phrase('nothingToRepeat', lang));
    case 'read_written':
      return m.lastWritten ? say(m.lastWritten.text, m.lastWritten.lang) : say(phrase('nothingWritten', lang));
    case 'translate_written':
      return m.lastWritten ? translateAndSay(m.lastWritten.text, target) : say(phrase('nothingWritten', lang));
    case 'translate_text':
      return intent.text?.trim() ? translateAndSay(intent.text, target) : say(phrase('nothingToTranslate', lang));
    case 'read_originals':
      return m.lastOriginal ? say(m.lastOriginal.text, m.lastOriginal.lang) : say(phrase('nothingRead', lang));
    case 'read_translations':
      return m.lastTranslation ? say(m.lastTranslation.text, m.lastTranslation.lang) : say(phrase('nothingTranslated', lang));
    case 'read_this':
      // The camera belongs to the window: ask it to take the photo, which comes back as ocr.readThis.
      ctx.events.emit('capture.request', { source: 'webcam' });
      return { ...(await say(phrase('showMe', lang))), action: 'capture.webcam' };
    case 'thanks':
      return say(phrase('welcome', lang));
    case 'stop':
      return { intent, say: phrase('stopped', lang) };
    case 'unknown':
    default:
      return say(phrase('notUnderstood', lang));
  }
}
