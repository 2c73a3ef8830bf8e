/** What every flow needs: engines, the journal, events, settings, memory and the user data dir. */
import type { Settings } from '../../shared/contract';
import type { EventBus } from '../transport/events';
import type { EngineManager } from './engineManager';
import type { EngineFactories } from './engineFactories';
import type { Journal } from './journal';
import type { SessionMemory } from './memory';

export interface FlowContext {
  engines: EngineManager;
  factories: EngineFactories;
  journal: Journal;
  events: EventBus;
  memory: SessionMemory;
  settings: () => Settings;
  userDataDir: string;
}
