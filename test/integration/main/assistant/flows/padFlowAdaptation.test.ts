/**
 * Learning from corrections through the real assistant and the real handwriting engine (no data set:
 * hand-authored pen paths). A user whose V is "their U" corrects it once: the same shape then reads U at
 * once, still after a restart on the same data folder (the samples are loaded at start), a different
 * letter is unaffected, and "Forget my handwriting corrections" deletes the samples and undoes it.
 */
import { mkdtempSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assistant } from '../../../../../src/main/assistant/assistant';
import type { CallContext } from '../../../../../src/main/runtime/handlerTable';
import { fixtureLetters, penWord } from '../../../../fixtures/handwriting/penPaths';

const ctx: CallContext = { transport: 'websocket', clientId: 'test-client' };
const CAPS = fixtureLetters('capitals');

describe('pad corrections adapt the recogniser (real assistant and engine)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-adapt-'));
  const v = penWord(CAPS, 'V', 3);
  const a = penWord(CAPS, 'A', 4);
  let assistant: Assistant;
  const read = async (d: typeof v): Promise<{ text: string; recognitionId: string }> =>
    assistant.handlers()['handwriting.recognize']({ drawing: d, model: 'full' }, ctx);

  afterAll(() => assistant?.close());

  test('a correction is learnt at once, survives a restart, and the reset forgets it', async () => {
    assistant = await Assistant.create({ userDataDir: dir, transport: 'websocket' });
    const before = await read(v);
    expect(before.text).toBe('V');
    expect((await read(a)).text).toBe('A');

    const c = await assistant.handlers()['handwriting.correct']({ recognitionId: before.recognitionId, wordIndex: 0, charIndex: 0, correctChar: 'U' }, ctx);
    expect(c.learnt).toBe(true);
    expect((await read(v)).text).toBe('U');
    expect((await read(a)).text).toBe('A');

    // A new start on the same data folder learns the saved sample before its first recognition.
    await assistant.close();
    assistant = await Assistant.create({ userDataDir: dir, transport: 'websocket' });
    expect((await read(v)).text).toBe('U');

    const forgot = await assistant.handlers()['handwriting.forgetCorrections']({}, ctx);
    expect(forgot.removed).toBe(1);
    expect(await fs.readdir(path.join(dir, 'samples'))).toEqual([]);
    expect((await read(v)).text).toBe('V');
  });
});
