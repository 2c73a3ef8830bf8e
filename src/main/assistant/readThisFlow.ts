/**
 * "Read this": a photo (webcam, clipboard, screen region, file) -> thumbnail in the log ->
 * OCR (page finding, Tesseract, handwriting CNN) -> optional translation -> optional speech.
 */
import type { ReadThisRequest, ReadThisResult } from '../../shared/contract';
import { MambaError } from '../../shared/errors';
import { makeThumbnail } from '../log/thumbnail';
import type { FlowContext } from './flowContext';
import { Journal } from './journal';
import { phrase, asLang } from './phrases';
import { speak, translate } from './speakFlow';

export async function readThis(ctx: FlowContext, req: ReadThisRequest): Promise<ReadThisResult> {
  const bytes = new Uint8Array(Buffer.from(req.imageBase64, 'base64'));
  const thumbnail = await makeThumbnail(bytes); // also rejects bytes that are not an image, before OCR loads
  await ctx.journal.record({
    role: 'user',
    kind: 'capture',
    text: `(photo from ${req.source ?? 'file'})`,
    thumbnail,
    meta: { source: req.source ?? 'file', bytes: bytes.length },
  });
  const ocr = await ctx.engines.get('ocr');
  const { value: result, ms } = await Journal.timed(() =>
    ocr.read(bytes, {
      onProgress: (p) => ctx.events.emit('engine.status', { engine: 'ocr', state: 'ready', progress: p.fraction, detail: p.detail ? `${p.step}: ${p.detail}` : p.step }),
    }),
  );
  const lang = ctx.settings().languages.input;
  await ctx.journal.record({
    role: 'mamba',
    kind: 'ocr',
    text: result.text,
    ms,
    meta: { lines: result.lines.length, page: result.page !== undefined, steps: result.steps.map((s) => `${s.name}:${s.ms}`).join(' ') },
  });
  if (!result.text.trim()) {
    const out: ReadThisResult = { ocr: result, thumbnail };
    if (req.speak) out.speech = await speak(ctx, { text: phrase('noText', asLang(lang)), lang });
    return out;
  }
  ctx.memory.lastOriginal = { text: result.text, lang };
  const out: ReadThisResult = { ocr: result, thumbnail };
  if (req.to) {
    const t = await translate(ctx, { text: result.text, from: 'auto', to: req.to, speak: req.speak });
    const { speech, ...translation } = t;
    out.translation = translation;
    if (speech) out.speech = speech;
    ctx.memory.lastOriginal = { text: result.text, lang: translation.from };
  } else if (req.speak) {
    out.speech = await speak(ctx, { text: result.text, lang });
  }
  return out;
}

/** Images the OS hands us (clipboard, screenshot) go through the same flow. */
export async function readImageBytes(ctx: FlowContext, image: Uint8Array | null, source: 'clipboard' | 'screen', to?: string, speakIt?: boolean): Promise<ReadThisResult> {
  if (!image || image.length === 0)
    throw new MambaError('EMPTY_INPUT', `There is no image on the ${source}.`, source === 'clipboard' ? 'Copy an image (e.g. a screenshot) first.' : 'Try the capture again.');
  return readThis(ctx, { imageBase64: Buffer.from(image).toString('base64'), source, to, speak: speakIt });
}
