/**
 * The noise transform (MLLR of PocketSphinx's acoustic model, models/speech/en-us-noise.mllr): the
 * shipped file is a valid transform, real PocketSphinx loads it and hears noisy commands with it (and
 * clean ones exactly as without it), and a corrupt or missing file leaves the plain model with one
 * clear line. Speech synthesised at test time (espeak-ng's female en-us+f3, a tuning-only voice), noise
 * mixed by the fixtures (sox pink noise).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPocketSphinx } from '../../../../../src/main/engines/speech/pocketsphinx';
import { defaultNoiseTransform, mllrTransformProblem } from '../../../../../src/main/engines/speech/mllrTransform';
import { speechPart } from '../../../../../src/main/engines/speech/transcribeBuffer';
import { commandPhrases, WAKE_WORDS } from '../../../../../src/main/assistant/voice/intentRouter';
import { padded, speak, withNoise, type SynthVoice } from '../../../../fixtures/speech/voices';

const f3: SynthVoice = { engine: 'espeak-ng', voice: 'en-us+f3', wpm: 160 };
const grammar = { phrases: commandPhrases('en'), prefix: WAKE_WORDS.en, prefixRequired: false };
const shipped = defaultNoiseTransform();
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-mllr-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('speech: the noise transform (MLLR)', () => {
  test('the shipped file is a transform of the en-us model (1 class, 3 streams of 13); broken copies are named for what is wrong', () => {
    expect(mllrTransformProblem(shipped)).toBeNull();
    const text = fs.readFileSync(shipped, 'utf8');
    const write = (name: string, body: string) => {
      const f = path.join(tmp, name);
      fs.writeFileSync(f, body);
      return f;
    };
    expect(mllrTransformProblem(write('cut.mllr', text.slice(0, text.length / 2)))).toMatch(/truncated/);
    expect(mllrTransformProblem(write('streams.mllr', text.replace(/^(\s*\d+\s+)3/, '$12')))).toMatch(/2 feature streams, the model has 3/);
    expect(mllrTransformProblem(write('nan.mllr', text.replace(/1\.0/, 'abc')))).toMatch(/not numeric/);
    expect(mllrTransformProblem(write('html.mllr', '<html>404</html>'))).toMatch(/not an MLLR transform/);
    expect(mllrTransformProblem(path.join(tmp, 'none.mllr'))).toBe('no such file');
  });

  test('real PocketSphinx: a noisy command is heard with the transform (right reading, other scores); clean audio scores exactly as with the plain model', async () => {
    const lines: string[] = [];
    const withT = await createPocketSphinx({ log: (l) => lines.push(l) });
    const plain = await createPocketSphinx({ noiseTransform: null });
    try {
      expect(lines).toEqual([]);
      const clean = padded(speak('mamba what time is it', f3));
      // Clean speech (SNR far above 30 dB) is not touched. First on both engines: a PocketSphinx decoder's
      // word frames run on from what it decoded before (issue 11, voice-state).
      const c = speechPart(clean, 16000) as Int16Array;
      expect(await withT.scoreGrammar!(c, grammar)).toEqual(await plain.scoreGrammar!(c, grammar));
      const noisy = speechPart(withNoise(clean, 10), 16000) as Int16Array;
      const heard = await withT.scoreGrammar!(noisy, grammar);
      expect(heard.text).toBe('mamba what time is it');
      // The transform moved the model: the same audio scores differently.
      expect(heard.margin).not.toBe((await plain.scoreGrammar!(noisy, grammar)).margin);
    } finally {
      await withT.close();
      await plain.close();
    }
  }, 60_000);

  test('a corrupt transform: one line saying so, and the noisy command is heard with the plain model', async () => {
    const bad = path.join(tmp, 'corrupt.mllr');
    fs.writeFileSync(bad, fs.readFileSync(shipped, 'utf8').slice(0, 500));
    const lines: string[] = [];
    const broken = await createPocketSphinx({ noiseTransform: bad, log: (l) => lines.push(l) });
    const plain = await createPocketSphinx({ noiseTransform: null });
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(bad);
      expect(lines[0]).toMatch(/not used \(truncated .*\); commands under noise are heard with the plain model/);
      const noisy = speechPart(withNoise(padded(speak('mamba read this', f3)), 10), 16000) as Int16Array;
      expect(await broken.scoreGrammar!(noisy, grammar)).toEqual(await plain.scoreGrammar!(noisy, grammar));
    } finally {
      await broken.close();
      await plain.close();
    }
  }, 60_000);
});
