/**
 * Commands padded with digital silence (files, the acceptance set's 0.5 s of zeros) through the one
 * decode path with the real PocketSphinx engine on espeak-ng speech made at test time: the front end's
 * log(0) frame energies cost 8 of these 12 before `dithered` (docs/voice.md, "Dither").
 */
import { createSpeechEngine, type SpeechEngine } from '../../../../../src/main/engines/speech';
import { dithered } from '../../../../../src/main/engines/speech/pocketsphinx';
import { decodeCommandUtterance } from '../../../../../src/main/assistant/voice/commandUtterance';
import { parseIntent } from '../../../../../src/main/assistant/voice/intentRouter';
import { COMMAND_PHRASINGS, padded, speak, TUNING_VOICES } from '../../../../fixtures/speech/voices';

let engine: SpeechEngine;
beforeAll(async () => {
  engine = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
});
afterAll(() => engine?.close());

describe('commands in digital silence', () => {
  test('dithered: at most 1 LSB off, the same noise every call, zeros no longer all zero', () => {
    const pcm = new Int16Array(4000);
    pcm[10] = 32767;
    pcm[11] = -32768;
    const a = dithered(pcm);
    expect(a).toEqual(dithered(pcm));
    expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - pcm[i])))).toBeLessThanOrEqual(1);
    expect(a.filter((v) => v !== 0).length).toBeGreaterThan(1000);
  });

  test('the six acceptance commands by the tuning espeak-ng voices: at least 9 of the 10 fixed ones acted on right, no wrong command or wrong free text acted on, the same reading twice', async () => {
    const espeak = TUNING_VOICES.filter((v) => v.engine === 'espeak-ng');
    let right = 0;
    const wrongActs: string[] = [];
    for (const v of espeak) {
      for (const c of COMMAND_PHRASINGS.slice(0, 6)) {
        const pcm = padded(speak(c.say, v));
        const r = await decodeCommandUtterance(engine, pcm, 16000, { wake: 'optional' });
        const i = parseIntent(r.transcript.text, { source: 'cli', spoken: true });
        // A free-text request is right only with its words ("translate learning to spanish" is not).
        const ok = i.name === c.intent && (!c.to || i.to === c.to) && (!c.text || i.text === c.text);
        if (ok && r.decision === 'act' && !c.text) right++;
        if (!ok && r.decision === 'act') wrongActs.push(`"${c.say}" -> "${r.transcript.text}"`);
        if (c.intent === 'time') expect((await decodeCommandUtterance(engine, pcm, 16000, { wake: 'optional' })).transcript.text).toBe(r.transcript.text);
      }
    }
    expect(wrongActs).toEqual([]);
    expect(right).toBeGreaterThanOrEqual(9);
  }, 120_000);
});
