/**
 * The MLLR transform of PocketSphinx's acoustic model for noisy speech (models/speech/en-us-noise.mllr,
 * made by scripts/train/adaptSpeechModel.ts; docs/voice.md, "MLLR"). Checked here before a decoder
 * loads it: PocketSphinx's own reader fails the whole decoder on a bad file, and speech must keep
 * working with the plain model instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../platform/appPaths';

/**
 * The shipped transform (`<package>/models/speech/en-us-noise.mllr`). PocketSphinx opens it with C's
 * fopen, which cannot read inside app.asar: the packaged app unpacks models/ (electron-builder.yml).
 */
export const defaultNoiseTransform = (): string =>
  path.join(packageRoot(), 'models', 'speech', 'en-us-noise.mllr').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');

/**
 * Why `file` cannot be used as a transform of a model with these stream lengths (the en-us model:
 * three streams of 13), or null when it can. The format is mllr_solve's text: class count, stream
 * count, then per stream its length and per class the matrix A, the bias b and the variance scale h.
 */
export function mllrTransformProblem(file: string, streamLengths: number[] = [13, 13, 13]): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read it (${(e as Error).message})`;
  }
  const tok = text.trim().split(/\s+/);
  let i = 0;
  const next = () => (i < tok.length ? Number(tok[i++]) : NaN);
  const nClass = next();
  const nFeat = next();
  if (!Number.isInteger(nClass) || nClass < 1) return 'not an MLLR transform (no class count)';
  if (nFeat !== streamLengths.length) return `${nFeat} feature streams, the model has ${streamLengths.length}`;
  for (const [f, want] of streamLengths.entries()) {
    const len = next();
    if (len !== want) return `stream ${f} has length ${len}, the model's has ${want}`;
    for (let k = 0; k < nClass * (len * len + 2 * len); k++) {
      const v = next();
      if (!Number.isFinite(v)) return `truncated or not numeric at value ${i} of ${tok.length}`;
    }
  }
  if (i !== tok.length) return `${tok.length - i} values too many`;
  return null;
}
