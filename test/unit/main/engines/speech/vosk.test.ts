/**
 * Vosk binding (libvosk from npm vosk@0.3.39, fetched into .cache/vosk by scripts/setup.sh, loaded with koffi).
 * The model-loaded test needs a Vosk model: set MAMBA_VOSK_MODEL or unzip vosk-model-small-en-us-0.15 into
 * ~/.config/Mamba/models (the data folder's models/); without one it is skipped with the reason printed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVosk, loadLibvosk } from '../../../../../src/main/engines/speech/vosk';
import { createSpeechEngine } from '../../../../../src/main/engines/speech';
import { findVoskModels } from '../../../../../src/main/engines/speech/models';
import { parseIntent } from '../../../../../src/main/assistant/voice/intentRouter';
import { MambaError } from '../../../../../src/shared/errors';
import { join, noise, synthesize } from '../../../../fixtures/speech/audio';
import { failure } from '../../../../fixtures/failure';
import { testIf } from '../../../../fixtures/skips';

describe('speech: Vosk binding', () => {
  test('libvosk loads through koffi', () => {
    expect(loadLibvosk().path).toMatch(/libvosk\.(so|dylib|dll)$/);
  });

  test('a missing model folder is MODEL_MISSING with where to get one', async () => {
    const e = await failure(createVosk({ modelDir: '/nonexistent/vosk-model-small-en-us-0.15' }));
    expect(e).toBeInstanceOf(MambaError);
    expect(e.code).toBe('MODEL_MISSING');
    expect(e.fix).toMatch(/alphacephei\.com/);
  });

  test('an incomplete or corrupt model folder is MODEL_CORRUPT, and the process survives', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vosk-model-small-en-us-'));
    try {
      expect((await failure(createVosk({ modelDir: dir }))).code).toBe('MODEL_CORRUPT');
      fs.mkdirSync(path.join(dir, 'am'));
      fs.mkdirSync(path.join(dir, 'conf'));
      fs.writeFileSync(path.join(dir, 'am', 'final.mdl'), Buffer.from('not a kaldi model'));
      const e = await failure(createVosk({ modelDir: dir }));
      expect(e.code).toBe('MODEL_CORRUPT');
      expect(e.message).toMatch(/could not load/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('engine "vosk" without a model says which model to install; "auto" falls back to PocketSphinx', async () => {
    const prev = process.env.MAMBA_MODELS_DIR;
    process.env.MAMBA_MODELS_DIR = '/nonexistent-mamba-models';
    try {
      const e = await failure(createSpeechEngine({ engine: 'vosk', log: () => {} }));
      expect(e.code).toBe('MODEL_MISSING');
      expect(e.fix).toMatch(/vosk-model-small-en-us/);
      const lines: string[] = [];
      const auto = await createSpeechEngine({ voskModelDir: '/nonexistent/vosk-model', log: (l) => lines.push(l) });
      expect(auto.name).toBe('pocketsphinx');
      expect(lines.join('\n')).toMatch(/Vosk unavailable.*falling back to PocketSphinx/);
      await auto.close();
    } finally {
      if (prev === undefined) delete process.env.MAMBA_MODELS_DIR;
      else process.env.MAMBA_MODELS_DIR = prev;
    }
  });

  const model = findVoskModels().find((m) => m.complete && m.lang === 'en');
  const withModel = testIf(!!model, 'needs an English Vosk model (MAMBA_VOSK_MODEL or ~/.config/Mamba/models/vosk-model-small-en-us-0.15)');
  withModel('with an English Vosk model installed: transcribes a synthesised command', async () => {
    const e = await createVosk({ modelDir: model!.dir });
    try {
      const t = await e.transcribe(join([noise(300), synthesize('what time is it', { engine: 'festival', stretch: 1 }), noise(300)]), 16000);
      expect(parseIntent(t.text, { source: 'voice' }).name).toBe('time');
    } finally {
      await e.close();
    }
  });
});
