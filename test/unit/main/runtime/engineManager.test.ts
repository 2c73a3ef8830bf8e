/**
 * The status chips follow the engine manager: a loaded translator that starts a warm Apertium
 * pipeline for its first sentence is ready, not "loading" for good (the chip used to keep
 * "starting Apertium eng-spa (13 stages)" with a moving bar). The real translator (Apertium).
 */
import type { EngineStatus } from '../../../../src/shared/types';
import { EngineManager } from '../../../../src/main/runtime/engineManager';
import { realEngines } from '../../../../src/main/runtime/engineFactories';
import { createEventBus } from '../../../../src/main/runtime/eventBus';

test('after a translation the Translate status is ready, with the pipeline start as its detail', async () => {
  const events = createEventBus();
  const seen: EngineStatus[] = [];
  events.subscribe((event, payload) => {
    if (event === 'engine.status' && (payload as EngineStatus).engine === 'translate') seen.push(payload as EngineStatus);
  });
  const manager = new EngineManager(realEngines, events, () => ({ handwritingModel: 'full', handwritingBackend: 'auto', speech: 'auto', speechLang: 'en', tts: 'auto' }));
  try {
    const out = await manager.run('translate', (t) => t.translate('good morning', 'en', 'es'));
    expect(out.text.toLowerCase()).toContain('buenos');
    const last = seen[seen.length - 1];
    expect(last.state).toBe('ready');
    expect(manager.statusOf('translate').state).toBe('ready');
    // The pipeline start was reported, as activity of a ready engine.
    const pipeline = seen.find((s) => /starting Apertium/.test(s.detail ?? ''));
    expect(pipeline?.state).toBe('ready');
  } finally {
    await manager.closeAll();
  }
});
