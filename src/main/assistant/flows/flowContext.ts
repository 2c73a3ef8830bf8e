/** What every flow needs: engines, the journal, events, settings, memory and the user data dir. */
import type { Settings } from '../../../shared/contract';
import type { EventBus } from '../../runtime/eventBus';
import type { EngineManager } from '../../runtime/engineManager';
import type { AssistantFactories } from '../assistantFactories';
import type { Journal } from '../../runtime/journal';
import type { SessionMemory } from '../../runtime/memory';

export interface FlowContext {
  engines: EngineManager;
  factories: AssistantFactories;
  journal: Journal;
  events: EventBus;
  memory: SessionMemory;
  settings: () => Settings;
  userDataDir: string;
}
