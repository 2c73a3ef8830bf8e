/**
 * Per line, keep Tesseract's reading or the handwriting CNN's, whichever is more confident.
 * Tesseract is poor at hand-printed block letters (low confidence); the CNN is poor at long
 * printed lines (it segments characters). Lines Tesseract reads confidently are not re-read.
 */
import type { OcrLine, Recognition } from '../../../shared/types';
import type { GreyImage } from '../../platform/greyImage';
import { encodePng } from '../../platform/greyImage';
import { pageLooksLikeText } from './textLikeness';

/** The one thing the OCR engine needs from the handwriting engine. */
export interface ImageRecognizer {
  recognizeImage(bytes: Uint8Array): Promise<Recognition>;
}

/** Lines below this Tesseract confidence are also tried through the handwriting engine. */
export const TRY_HANDWRITING_BELOW = 0.7;
/** With no Tesseract lines at all, a whole-page handwriting reading must be at least this sure. */
export const WHOLE_PAGE_HANDWRITING_MIN = 0.8;
/**
 * At most this many low-confidence lines are re-read by the CNN: a textured photo can make Tesseract
 * report hundreds of garbage lines, and each re-read costs a crop and a recognition.
 */
export const MAX_HANDWRITING_LINES = 24;
/** Tesseract lines below this confidence with no letter or digit are specks, not text. */
const NOISE_BELOW = 0.5;

export function dropNoise<L extends OcrLine>(lines: L[]): L[] {
  return lines.filter((l) => l.text.trim() && !(l.confidence < NOISE_BELOW && !/[\p{L}\p{N}]{2,}/u.test(l.text)));
}

export function recognitionConfidence(r: Recognition): number {
  const chars = r.words.flatMap((w) => w.chars);
  return chars.length ? chars.reduce((a, c) => a + c.confidence, 0) / chars.length : 0;
}

export function crop(img: GreyImage, box: [number, number, number, number], pad: number): GreyImage {
  const x0 = Math.max(0, Math.floor(box[0] - pad));
  const y0 = Math.max(0, Math.floor(box[1] - pad));
  const x1 = Math.min(img.width, Math.ceil(box[0] + box[2] + pad));
  const y1 = Math.min(img.height, Math.ceil(box[1] + box[3] + pad));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  return { data, width: w, height: h };
}

export async function chooseLines(lines: OcrLine[], page: GreyImage, hw: ImageRecognizer | undefined): Promise<OcrLine[]> {
  if (!hw) return lines;
  // Noise, grass, stripes, a bare desk: no handwriting pass at all (it cost seconds and read garbage).
  if (!pageLooksLikeText(page)) return lines;
  const out: OcrLine[] = [];
  let reread = 0;
  for (const line of lines) {
    if (line.confidence >= TRY_HANDWRITING_BELOW || reread >= MAX_HANDWRITING_LINES) {
      out.push(line);
      continue;
    }
    reread++;
    const r = await hw.recognizeImage(await encodePng(crop(page, line.box, Math.max(6, line.box[3] * 0.25))));
    const conf = recognitionConfidence(r);
    out.push(r.text.trim() && conf > line.confidence ? { text: r.text.trim(), confidence: conf, box: line.box, engine: 'handwriting' } : line);
  }
  // Tesseract often finds no lines at all in hand-printed letters: try the page as one region.
  if (out.length === 0) {
    const r = await hw.recognizeImage(await encodePng(page));
    const conf = recognitionConfidence(r);
    if (r.text.trim() && conf >= WHOLE_PAGE_HANDWRITING_MIN) {
      out.push({ text: r.text.trim(), confidence: conf, box: [0, 0, page.width, page.height], engine: 'handwriting' });
    }
  }
  return out;
}
