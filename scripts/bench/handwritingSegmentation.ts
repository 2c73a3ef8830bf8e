/**
 * Segmentation on adversarial drawings (issue 13): piles of 10-point strokes over one spot, through the
 * engine's recognizeDrawing (segmentation, rendering, CNN, decoding), one thread. Goal: 2,000 strokes
 * within 3 s on 2 cores (it took 66 s when groupChars compared every pair without path compression).
 * Standalone: npx tsx scripts/bench/handwritingSegmentation.ts
 */
import { createHandwritingEngine } from '../../src/main/engines/handwriting';
import { toMambaError } from '../../src/shared/errors';
import { runStandalone } from '../benchStandalone';
import { overlappingStrokes } from '../lib/overlappingStrokes';

export async function runBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const engine = await createHandwritingEngine({ workers: 0 });
  const out: Record<string, number | string> = {};
  try {
    for (const n of [250, 1000, 2000]) {
      const times: number[] = [];
      let outcome = '';
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        try {
          const r = await engine.recognizeDrawing(overlappingStrokes(n, 10));
          outcome = `${r.words.flatMap((w) => w.chars).length} character(s)`;
        } catch (e) {
          outcome = `error ${toMambaError(e).code}`;
        }
        times.push(performance.now() - t0);
      }
      const best = Math.round(Math.min(...times));
      const median = Math.round([...times].sort((a, b) => a - b)[1]);
      out[`pile${n}StrokesMs`] = median;
      out[`pile${n}StrokesBestMs`] = best;
      log(`${n} strokes x 10 points over one spot -> ${outcome}: median ${median} ms (best ${best} ms), goal < 3000 ms for 2,000`);
    }
  } finally {
    await engine.close();
  }
  return out;
}

if (require.main === module) runStandalone('handwritingSegmentation', runBench);
