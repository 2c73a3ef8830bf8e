/** Tesseract's TSV output (both backends produce it) -> lines of words with confidences. */
import type { OcrLine } from '../../../shared/types';

export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  box: [number, number, number, number];
}
export interface TesseractLine extends OcrLine {
  words: OcrWord[];
}

export function parseTesseractTsv(tsv: string): TesseractLine[] {
  const lines = new Map<string, OcrWord[]>();
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    // level page block par line word left top width height conf text
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t').trim();
    const conf = Number(f[10]);
    if (!text || !(conf >= 0)) continue;
    const key = `${f[2]}.${f[3]}.${f[4]}`;
    const words = lines.get(key) ?? [];
    words.push({ text, confidence: conf / 100, box: [Number(f[6]), Number(f[7]), Number(f[8]), Number(f[9])] });
    lines.set(key, words);
  }
  return [...lines.values()].map((words) => ({
    text: words.map((w) => w.text).join(' '),
    confidence: words.reduce((a, w) => a + w.confidence * w.text.length, 0) / words.reduce((a, w) => a + w.text.length, 0),
    box: unionBox(words.map((w) => w.box)),
    engine: 'tesseract' as const,
    words,
  }));
}

export function unionBox(boxes: [number, number, number, number][]): [number, number, number, number] {
  const x0 = Math.min(...boxes.map((b) => b[0]));
  const y0 = Math.min(...boxes.map((b) => b[1]));
  const x1 = Math.max(...boxes.map((b) => b[0] + b[2]));
  const y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}
