/**
 * What the assistant creates besides engines: voice sessions and the command router. Kept beside the flows
 * (not in runtime/, which must not import the assistant); loaded on first use like the engines.
 * Injectable: tests pass only the factories they want to replace, the rest are the real ones.
 */
import type { Intent, LanguageCode } from '../../shared/types';
import { EngineFactories, lazy, realEngines } from '../runtime/engineFactories';
import type { SpeechEngine } from '../runtime/engineFactories';
// Types only: the modules themselves load on first use.
import type { VoiceEvent, VoiceSession, createVoiceSession } from './voice/voiceSession';
import type { parseIntent } from './voice/intentRouter';

export type { VoiceEvent, VoiceSession };

export interface AssistantFactories extends EngineFactories {
  voiceSession(engine: SpeechEngine, o: { onEvent: (e: VoiceEvent) => void; lang: 'en' | 'es'; requireWake: boolean }): VoiceSession;
  parseIntent(text: string, o: { lang?: LanguageCode; source: Intent['source'] }): Intent;
}

// Paths are relative to runtime/, where lazy()'s require runs.
const voiceMod = lazy<{ createVoiceSession: typeof createVoiceSession }>('../assistant/voice/voiceSession', 'voice session');
const intentMod = lazy<{ parseIntent: typeof parseIntent }>('../assistant/voice/intentRouter', 'command router');

/** The real engines, voice sessions and router. */
export const realFactories: AssistantFactories = {
  ...realEngines,
  voiceSession: (engine, o) => voiceMod().createVoiceSession(engine, o),
  parseIntent: (text, o) => intentMod().parseIntent(text, o),
};
