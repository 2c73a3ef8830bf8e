/**
 * The pen evaluation's scoring (npm run eval, part 5) on hand-made input through the real engine: per writer
 * means and the worst tenth, case merging for `letters`, look-alike folding, read-as-one, CNN alone.
 */
import * as path from 'path';
import { createHandwritingEngine, HandwritingEngine } from '../../../../src/main/engines/handwriting';
import { Stroke } from '../../../../src/shared/types';
import { evalPenChars, failureKind, foldLookAlike, worstTenth } from '../../../../scripts/eval/penChars';
import { penSourceOf } from '../../../../scripts/datasets/pen';

const MODELS = path.resolve(__dirname, '../../../../models/handwriting');
const A: Stroke[] = [
  [[10, 100], [30, 50], [50, 0]],
  [[50, 0], [70, 50], [90, 100]],
  [[28, 60], [50, 61], [72, 60]],
];

test('foldLookAlike and worstTenth', () => {
  expect(['O', '0', 'o'].map(foldLookAlike)).toEqual(['o', 'o', 'o']);
  expect(['I', '1', 'l', 'i'].map(foldLookAlike)).toEqual(['l', 'l', 'l', 'l']);
  expect(foldLookAlike('S')).toBe('s');
  expect(foldLookAlike('5')).toBe('5');
  expect(worstTenth([1, 0.9, 0.8, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.2])).toBeCloseTo(0.35, 5);
  expect(worstTenth([0.7])).toBe(0.7);
  expect(penSourceOf('digilets:041')).toBe('digilets');
  expect(penSourceOf('pendigits:tra12')).toBe('pendigits');
  expect(penSourceOf('apb:w07')).toBe('unipen');
});

test('failureKind sorts a miss by its cause: lines, several characters, none, context over a right CNN, the CNN', () => {
  expect(failureKind('I', true, false)).toBeNull();
  expect(failureKind('R\nI', false, true)).toBe('lineSplit');
  expect(failureKind('VV', false, true)).toBe('overSegmentation');
  expect(failureKind('V V', false, false)).toBe('overSegmentation');
  expect(failureKind('', false, true)).toBe('nothing');
  expect(failureKind('L', false, true)).toBe('overridden');
  expect(failureKind('L', false, false)).toBe('cnnWrong');
});

describe('evalPenChars through the engine', () => {
  let engine: HandwritingEngine;
  beforeAll(async () => {
    engine = await createHandwritingEngine({ modelsDir: MODELS, backend: 'cpu', workers: 0, preload: [] });
  });
  afterAll(async () => engine.close());

  test('an A scored right for one writer and wrong for another (labelled B): 50%, per writer 50% mean, 0% worst', async () => {
    const read = (await engine.recognizeDrawing({ strokes: A }, { model: 'letters' })).text;
    expect(read).toBe('A');
    const chars = [
      { label: 'a', writer: 'w1', strokes: A },
      { label: 'B', writer: 'w2', strokes: A },
      { label: '7', writer: 'w2', strokes: A }, // a digit: not among the letters scored
    ];
    const r = await evalPenChars(engine, 'letters', chars);
    expect(r.n).toBe(2);
    expect(r.writers).toBe(2);
    expect(r.accuracy).toBe(0.5);
    expect(r.readAsOne).toBe(1);
    expect(r.perWriter.mean).toBe(0.5);
    expect(r.perWriter.worst10).toBe(0);
    expect(r.perClass.A.accuracy).toBe(1);
    expect(r.perClass.B.accuracy).toBe(0);
    expect(r.topConfusions[0]).toEqual({ true: 'B', predicted: 'A', count: 1 });
    expect(r.confusion[r.classes.indexOf('B')][r.classes.indexOf('A')]).toBe(1);
    expect(r.cnnOnly.accuracy).toBe(0.5);
    // The B miss: one character, the CNN alone read the same A.
    expect(r.failures).toEqual({ lineSplit: 0, overSegmentation: 0, nothing: 0, overridden: 0, cnnWrong: 1 });
    expect(r.failureExamples.cnnWrong).toEqual(["w2 'B' (3 strokes) -> \"A\""]);
  });

  test('figures split per source set (DigiLeTs / UNIPEN writer ids): a clean set right, a noisy one wrong', async () => {
    const chars = [
      { label: 'A', writer: 'digilets:1', strokes: A },
      { label: 'A', writer: 'digilets:2', strokes: A },
      { label: 'B', writer: 'apb:x', strokes: A },
    ];
    const r = await evalPenChars(engine, 'letters', chars);
    expect(Object.keys(r.perSource)).toEqual(['digilets', 'unipen']);
    expect(r.perSource.digilets).toMatchObject({ n: 2, writers: 2, accuracy: 1, writerMean: 1 });
    expect(r.perSource.digilets.cnnOnly).toEqual({ n: 2, accuracy: 1, foldedAccuracy: 1 });
    expect(r.perSource.unipen).toMatchObject({ n: 1, writers: 1, accuracy: 0, writerMean: 0 });
    expect(r.perSource.unipen.cnnOnly.accuracy).toBe(0);
  });
});
