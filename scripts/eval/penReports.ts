/**
 * The pen-set figures of the segmentation and adaptation work, for `npm run eval` (scripts/evalHandwriting.ts
 * calls this once): single characters read as one and pen-written words on the TEST writers
 * (penSegmentation.ts), words as those writers wrote them (penRealWords.ts), and error before/after 20
 * corrections per writer on the validation and test writers (penAdaptation.ts). Skipped, with the reason,
 * when the pen data set is absent.
 */
import type { HandwritingEngine } from '../../src/main/engines/handwriting';
import { dataSetDir, missingDataSetReason } from '../datasets/dataSets';
import { evalPenAdaptation } from './penAdaptation';
import { evalPenRealWords } from './penRealWords';
import { evalPenSegmentation } from './penSegmentation';

export async function penReports(engine: HandwritingEngine, log: (l: string) => void, limit?: number): Promise<Record<string, unknown>> {
  if (!dataSetDir('pen')) {
    log(`pen segmentation and adaptation: skipped (${missingDataSetReason('pen')})`);
    return {};
  }
  const penSegmentation = await evalPenSegmentation(engine, { split: 'test', words: limit ? Math.min(300, Math.ceil(limit / 10)) : 300 }, log);
  const penRealWords = await evalPenRealWords(engine, 'test', log, limit ? Math.ceil(limit / 10) : undefined);
  const penAdaptation = {
    validation: await evalPenAdaptation(engine, 'validation', log),
    test: await evalPenAdaptation(engine, 'test', log),
  };
  return { penSegmentation, penRealWords, penAdaptation };
}
