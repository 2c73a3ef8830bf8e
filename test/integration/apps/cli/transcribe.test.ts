/** `mamba transcribe` and `mamba models` through the real CLI entry, on WAV files written at test time. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../src/apps/cli/main';
import type { CliIO } from '../../../../src/apps/cli/io';
import { readWav, writeWav } from '../../../../src/main/platform/wav';
import { join, noise, synthesize } from '../../../fixtures/speech/audio';
import { HELD_OUT_VOICES, padded, speak, SPANISH_TUNING_VOICES, voiceAvailable } from '../../../fixtures/speech/voices';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: (l) => stderr.push(l), readStdin: async () => '' };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-transcribe-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
};

describe('mamba transcribe', () => {
  test('--json: transcript, intent, engine and real-time factor', async () => {
    const wav = file('cmd.wav', writeWav(join([noise(300), synthesize('translate good morning my friend to Spanish', { engine: 'festival', stretch: 1 }), noise(300)]), 16000));
    const io = capture();
    expect(await main(['transcribe', wav, '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout[0]) as { transcript: string; intent: { name: string; to?: string }; engine: string; rtf: number; speech: boolean };
    expect(r.engine).toBe('pocketsphinx');
    expect(r.speech).toBe(true);
    expect(r.intent).toMatchObject({ name: 'translate_text', to: 'es', source: 'cli' });
    expect(r.rtf).toBeGreaterThan(0);
    expect(io.stderr.join('\n')).toMatch(/using PocketSphinx/);
  });

  test('--json: "mamba translate good morning to italian" is translate_text to Italian (grammar language + LM text)', async () => {
    // The language model alone hears "to Italian" as "to tell it"; the grammar pass names the language.
    const wav = file('it.wav', writeWav(join([noise(300), synthesize('mamba translate good morning to italian', { engine: 'festival', stretch: 1 }), noise(300)]), 16000));
    const io = capture();
    expect(await main(['transcribe', wav, '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout[0]) as { transcript: string; via: string; intent: { name: string; to?: string; text?: string } };
    expect(r.intent).toMatchObject({ name: 'translate_text', to: 'it', source: 'cli' });
    expect(r.intent.text).toMatch(/good morning/);
    expect(r.via).toBe('merged');
    expect(r.transcript).toMatch(/^translate .* to italian$/);
  });

  test('--json: a command in a voice the tuning never heard (flite slt, 0.5 s of silence around it) is the command, wake word left out', async () => {
    // scripts/setup.sh installs flite and the festival voices
    const v = HELD_OUT_VOICES.find(voiceAvailable) ?? HELD_OUT_VOICES[0];
    const results: { transcript: string; decision: string; confidence: number; intent: { name: string } }[] = [];
    for (const [i, say] of ['mamba read this', 'mamba what time is it'].entries()) {
      const io = capture();
      expect(await main(['transcribe', file(`held${i}.wav`, writeWav(padded(speak(say, v)), 16000)), '--json'], io)).toBe(0);
      results.push(JSON.parse(io.stdout[0]));
    }
    expect(results.map((r) => [r.transcript, r.intent.name, r.decision])).toEqual([
      ['read this', 'read_this', 'act'],
      ['what time is it', 'time', 'act'],
    ]);
    for (const r of results) expect(r.confidence).toBeGreaterThan(0.7);
  });

  test('plain transcript of ordinary speech is the language model\'s, not forced onto a command', async () => {
    const wav = file('plain.wav', writeWav(join([noise(300), synthesize('the weather is nice today', { engine: 'festival', stretch: 1 }), noise(300)]), 16000));
    const io = capture();
    expect(await main(['transcribe', wav, '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout[0]) as { transcript: string; via: string; intent: { name: string } };
    expect(r.via).toBe('lm');
    expect(r.transcript).toMatch(/weather/);
    expect(r.intent.name).toBe('unknown');
  });

  test('--commands on a 22 kHz espeak-ng WAV prints the command', async () => {
    const io = capture();
    const pcm = synthesize('read what I wrote', { engine: 'espeak-ng', voice: 'en', wpm: 160 });
    const wav = file('c22.wav', writeWav(readWav(writeWav(pcm, 16000), { sampleRate: 22050 }).pcm, 22050));
    expect(await main(['transcribe', wav, '--commands'], io)).toBe(0);
    expect(io.stdout).toEqual(['read what i wrote']);
  });

  test('silence: exit 0, nothing on stdout, "no speech" on stderr', async () => {
    const io = capture();
    expect(await main(['transcribe', file('silence.wav', writeWav(new Int16Array(32000), 16000))], io)).toBe(0);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join('\n')).toMatch(/no speech detected/);
  });

  test('not a WAV, a missing file, no argument: one clear line and a non-zero exit', async () => {
    let io = capture();
    expect(await main(['transcribe', file('x.wav', new TextEncoder().encode('hello, not audio'))], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/not a WAV file.*fix:/);
    io = capture();
    expect(await main(['transcribe', path.join(dir, 'nope.wav')], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/File not found: .*nope\.wav \(fix: check the path\)/);
    io = capture();
    expect(await main(['transcribe'], io)).toBe(2);
  });
});

describe('mamba models', () => {
  test('lists the speech engines and where a Vosk model goes', async () => {
    const io = capture();
    expect(await main(['models', '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout[0]) as { modelsDir: string; models: { engine: string; name: string; status: string; detail?: string }[] };
    const speech = r.models.filter((m) => m.engine === 'speech');
    expect(speech.find((m) => m.name === 'pocketsphinx en-us')?.status).toBe('installed');
    const vosk = speech.filter((m) => m.name.startsWith('vosk'));
    expect(vosk.length).toBeGreaterThan(0);
    for (const m of vosk.filter((x) => x.status === 'missing')) expect(m.detail).toMatch(/alphacephei\.com.*unzip it into/);
    expect(r.models.some((m) => m.engine === 'translate')).toBe(true);
  });
});

describe('mamba transcribe --lang es (no Spanish Vosk model)', () => {
  test('a Spanish command in real espeak-ng speech: PocketSphinx\'s English model hears it, and says free text needs the Vosk model', async () => {
    const prev = process.env.MAMBA_MODELS_DIR;
    process.env.MAMBA_MODELS_DIR = path.join(dir, 'no-models');
    try {
      const wav = file('es.wav', writeWav(padded(speak('mamba, traduce lo que escribí al francés', SPANISH_TUNING_VOICES[0])), 16000));
      const io = capture();
      expect(await main(['transcribe', wav, '--json', '--lang', 'es'], io)).toBe(0);
      const r = JSON.parse(io.stdout[0]) as { transcript: string; decision: string; engine: string; intent: { name: string; to?: string } };
      expect(r).toMatchObject({ engine: 'pocketsphinx', decision: 'act', transcript: 'traduce lo que escribí al francés' });
      expect(r.intent).toMatchObject({ name: 'translate_written', to: 'fr' });
      expect(io.stderr.join('\n')).toMatch(/Spanish commands only.*vosk-model-small-es/);
    } finally {
      if (prev === undefined) delete process.env.MAMBA_MODELS_DIR;
      else process.env.MAMBA_MODELS_DIR = prev;
    }
  }, 60_000);
});
