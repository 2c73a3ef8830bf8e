/**
 * The engine manager (src/main/runtime/engineManager.ts) behind a real assistant: an engine that
 * cannot start reports error-with-fix in its status and the request fails cleanly.
 */
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assistant } from '../../../../src/main/assistant/assistant';
import { realEngines } from '../../../../src/main/runtime/engineFactories';
import { createHandwritingEngine } from '../../../../src/main/engines/handwriting';
import { dispatch, type CallContext } from '../../../../src/main/runtime/handlerTable';
import type { EngineStatus } from '../../../../src/shared/types';
import { handDigits } from '../../../fixtures/handwriting/penPaths';

const ctx: CallContext = { transport: 'websocket', clientId: 'test-client' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-enginemanager-'));

describe('engine manager (real engines)', () => {
  test('a broken engine reports error-with-fix in its status and the request fails cleanly', async () => {
    const broken = await Assistant.create({
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'mamba-broken-')),
      transport: 'websocket',
      engines: { ...realEngines, handwriting: (o) => createHandwritingEngine({ ...o, modelsDir: path.join(dir, 'no-models-here') }) },
    });
    const statuses: EngineStatus[] = [];
    broken.events.subscribe((e, p) => e === 'engine.status' && statuses.push(p as EngineStatus));
    const r = await dispatch(broken.handlers(), 'handwriting.recognize', { drawing: handDigits('7').drawing }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('MODEL_MISSING');
    const last = statuses[statuses.length - 1];
    expect(last).toMatchObject({ engine: 'handwriting', state: 'error', error: { code: 'MODEL_MISSING', fix: expect.any(String) } });
    expect((await broken.handlers()['engines.load']({ engine: 'handwriting' }, ctx)).state).toBe('error');
    await broken.close();
  });
});
