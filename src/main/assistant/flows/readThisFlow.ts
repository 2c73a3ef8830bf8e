/**
 * "Read this" in the app: a photo (webcam, clipboard, screen, file) -> thumbnail in the log ->
 * the shared read-this pipeline (readThis.ts: page, OCR, optional translation and speech) ->
 * each step's result logged with its timing.
 */
import type { ReadThisRequest, ReadThisResult } from '../../../shared/contract';
import { MambaError } from '../../../shared/errors';
import { makeThumbnail } from '../../log/thumbnail';
import type { FlowContext } from './flowContext';
import { cropToRegion } from './imageRegion';
import { asLang, phrase } from '../voice/phrases';
import { runReadThisPipeline } from './readThisPipeline';
import { recordTranslation, speak } from './speakFlow';

/** How a region's picture is named in the log. */
const REGION_OF: Record<NonNullable<ReadThisRequest['source']>, string> = {
  screen: 'the screen',
  clipboard: 'a pasted picture',
  file: 'a picture',
  webcam: 'a webcam photo',
};

export async function readThis(ctx: FlowContext, req: ReadThisRequest, signal?: AbortSignal): Promise<ReadThisResult> {
  const whole = new Uint8Array(Buffer.from(req.imageBase64, 'base64'));
  const r0 = req.region;
  // A selected region is cut out first: OCR, the thumbnail and the log all see only it.
  const bytes = r0 ? await cropToRegion(whole, r0) : whole;
  const thumbnail = await makeThumbnail(bytes); // also rejects bytes that are not an image, before OCR loads
  const source = req.source ?? 'file';
  await ctx.journal.record({
    role: 'user',
    kind: 'capture',
    text: r0 ? `(${r0.width}×${r0.height} region of ${REGION_OF[source]})` : `(photo from ${source})`,
    thumbnail,
    meta: { source, bytes: bytes.length, ...(r0 ? { region: `${r0.x},${r0.y},${r0.width},${r0.height}` } : {}) },
  });
  const lang = ctx.settings().languages.input;
  const translator = req.to ? await ctx.engines.get('translate') : undefined;
  const r = await ctx.engines.run('ocr', (ocr) => runReadThisPipeline(bytes, {
    ocr,
    translator,
    to: req.to,
    speak: false, // spoken below through speak(), which logs and remembers the utterance
    signal,
    onProgress: (p) => ctx.events.emit('engine.status', { engine: 'ocr', state: 'ready', progress: p.fraction, detail: p.detail ? `${p.step}: ${p.detail}` : p.step }),
  }));
  const stepMs = (name: string): number => Math.round(r.steps.filter((s) => s.name === name).reduce((a, s) => a + s.ms, 0));
  await ctx.journal.record({
    role: 'mamba',
    kind: 'ocr',
    text: r.ocr.text,
    ms: stepMs('page') + stepMs('ocr'),
    meta: { lines: r.ocr.lines.length, page: r.ocr.page !== undefined, steps: r.ocr.steps.map((s) => `${s.name}:${Math.round(s.ms)}`).join(' ') },
  });
  const out: ReadThisResult = { ocr: r.ocr, thumbnail };
  if (r.noText) {
    if (req.speak) out.speech = await speak(ctx, { text: phrase('noText', asLang(lang)), lang });
    return out;
  }
  ctx.memory.lastOriginal = { text: r.ocr.text, lang: r.translation?.from ?? lang };
  if (r.translation) {
    out.translation = r.translation;
    ctx.memory.lastTranslation = { text: r.translation.text, lang: r.translation.to };
    await recordTranslation(ctx, r.ocr.text, r.translation, stepMs('translate'));
  }
  if (req.speak) {
    const say = r.translation ? { text: r.translation.text, lang: r.translation.to } : { text: r.ocr.text, lang };
    if (say.text.trim()) out.speech = await speak(ctx, say);
  }
  return out;
}

/** Images the OS hands us (clipboard, screenshot) go through the same flow. */
export async function readImageBytes(ctx: FlowContext, image: Uint8Array | null, source: 'clipboard' | 'screen', to?: string, speakIt?: boolean, signal?: AbortSignal): Promise<ReadThisResult> {
  if (!image || image.length === 0)
    throw new MambaError('EMPTY_INPUT', `There is no image on the ${source}.`, source === 'clipboard' ? 'Copy an image (e.g. a screenshot) first.' : 'Try the capture again.');
  return readThis(ctx, { imageBase64: Buffer.from(image).toString('base64'), source, to, speak: speakIt }, signal);
}
