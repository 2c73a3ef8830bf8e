/**
 * Choosing Vosk without a Vosk model: the app falls back to PocketSphinx (real engine) and says
 * so once, naming the models folder of the data folder in use, not ~/.config/mamba/models.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createSpeechEngine } from '../../../../../src/main/engines/speech';
import { userModelsDir } from '../../../../../src/main/engines/speech/models';

let data: string;
const prevModels = process.env.MAMBA_MODELS_DIR;
const prevModel = process.env.MAMBA_VOSK_MODEL;
beforeAll(() => {
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-data-'));
  delete process.env.MAMBA_MODELS_DIR;
  delete process.env.MAMBA_VOSK_MODEL;
});
afterAll(() => {
  fs.rmSync(data, { recursive: true, force: true });
  if (prevModels !== undefined) process.env.MAMBA_MODELS_DIR = prevModels;
  if (prevModel !== undefined) process.env.MAMBA_VOSK_MODEL = prevModel;
});

test('the models folder is `models` in the data folder', () => {
  expect(userModelsDir(data)).toBe(path.join(data, 'models'));
});

test('vosk chosen, no model: PocketSphinx answers, and one notice names the data folder\'s models folder', async () => {
  const notices: { message: string; fix?: string }[] = [];
  const engine = await createSpeechEngine({ engine: 'vosk', lang: 'en', modelsDir: userModelsDir(data), onFallback: (n) => notices.push(n), log: () => undefined });
  try {
    expect(engine.name).toBe('pocketsphinx');
    expect(notices).toHaveLength(1);
    expect(notices[0].message).toMatch(/PocketSphinx/);
    expect(notices[0].fix).toContain(path.join(data, 'models'));
    expect(notices[0].fix).not.toMatch(/\.config\/mamba\//);
  } finally {
    await engine.close();
  }
});

test('without a fallback handler (the CLI), vosk chosen with no model is still an error naming the folder', async () => {
  await expect(createSpeechEngine({ engine: 'vosk', lang: 'en', modelsDir: userModelsDir(data), log: () => undefined })).rejects.toMatchObject({
    code: 'MODEL_MISSING',
    fix: expect.stringContaining(path.join(data, 'models')),
  });
});
