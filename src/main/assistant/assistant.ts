/**
 * The assistant: owns the log, settings, engines (created lazily) and the flows, and
 * exposes them as the contract's handler table that both transports serve. Nothing here
 * knows about Electron; OS features (clipboard, screenshots, global shortcut) come in as
 * optional platform hooks from src/apps/desktop.
 */
import type { AppInfo, AppNotice, ScreenImage, Settings, SettingsPatch, ShortcutStatus } from '../../shared/contract';
import { MambaError } from '../../shared/errors';
import type { EngineName } from '../../shared/types';
import { ConversationLog } from '../log/conversationLog';
import { SettingsStore } from '../settings/settingsStore';
import { appVersion } from '../platform/appPaths';
import { DataFolderLock, lockDataFolder } from '../platform/dataFolderLock';
import { createEventBus, EventBus } from '../runtime/eventBus';
import type { HandlerTable } from '../runtime/handlerTable';
import { runTypedCommand } from './flows/commandFlow';
import { AssistantFactories, realFactories } from './assistantFactories';
import { EngineManager } from '../runtime/engineManager';
import type { FlowContext } from './flows/flowContext';
import { Journal } from '../runtime/journal';
import { SessionMemory } from '../runtime/memory';
import { commitText, correctCharacter, forgetCorrections, recognizeDrawing } from './flows/padFlow';
import type { Lang } from './voice/phrases';
import { readImageBytes, readThis } from './flows/readThisFlow';
import { speak, translate } from './flows/speakFlow';
import { VoiceSessions } from './voice/voiceFlow';
import { userModelsDir } from '../engines/speech/models';

/** What only the desktop shell can do; absent in browser mode. */
export interface PlatformHooks {
  readClipboardImage?(): Promise<Uint8Array | null>;
  captureScreen?(): Promise<ScreenImage>;
  shortcutStatus?(): ShortcutStatus;
  /** Settings changed (the shell re-registers the shortcut, re-themes the window). */
  onSettingsChanged?(s: Settings): void;
}

export interface AssistantOptions {
  userDataDir: string;
  transport: 'electron' | 'websocket';
  events?: EventBus;
  /** Factories to replace (tests); the others are the real ones (docs/engines.md). */
  engines?: Partial<AssistantFactories>;
  platform?: PlatformHooks;
}

/** Which settings changes invalidate which loaded engine. */
const ENGINE_SETTINGS: [keyof Settings['engines'], EngineName][] = [
  ['handwritingBackend', 'handwriting'],
  ['handwritingModel', 'handwriting'],
  ['speech', 'speech'],
  ['tts', 'tts'],
];

export class Assistant {
  readonly events: EventBus;
  readonly engines: EngineManager;
  readonly log: ConversationLog;
  readonly settings: SettingsStore;
  private readonly ctx: FlowContext;
  private readonly voice: VoiceSessions;
  private speechLang: Lang | undefined;
  private platform: PlatformHooks;

  private constructor(
    private readonly opts: AssistantOptions,
    log: ConversationLog,
    settings: SettingsStore,
    /** This process is the data folder's one writer (platform/dataFolderLock.ts). */
    readonly dataLock: DataFolderLock,
  ) {
    this.events = opts.events ?? createEventBus();
    this.log = log;
    this.settings = settings;
    this.platform = opts.platform ?? {};
    const factories: AssistantFactories = { ...realFactories, ...opts.engines };
    this.engines = new EngineManager(factories, this.events, () => {
      const s = this.settings.get();
      return {
        handwritingModel: s.engines.handwritingModel,
        handwritingBackend: s.engines.handwritingBackend,
        speech: s.engines.speech,
        speechLang: this.speechLang ?? s.languages.input,
        modelsDir: userModelsDir(opts.userDataDir),
        tts: s.engines.tts,
      };
    });
    this.ctx = {
      engines: this.engines,
      factories,
      journal: new Journal(log, this.events),
      events: this.events,
      memory: new SessionMemory(),
      settings: () => this.settings.get(),
      userDataDir: opts.userDataDir,
    };
    this.voice = new VoiceSessions(this.ctx, async (lang) => {
      const loaded = this.engines.statusOf('speech').state !== 'idle';
      const current = this.speechLang ?? this.settings.get().languages.input;
      this.speechLang = lang;
      if (loaded && current !== lang) await this.engines.reset('speech');
    });
  }

  /** Opens the log and settings (fast); engines load on first use. */
  static async create(opts: AssistantOptions): Promise<Assistant> {
    // One writer per data folder: a second instance refuses, naming the one running.
    const lock = await lockDataFolder(opts.userDataDir, opts.transport === 'electron' ? 'the Mamba desktop app' : 'mamba serve');
    try {
      const [log, settings] = await Promise.all([ConversationLog.open({ dir: opts.userDataDir }), SettingsStore.open({ dir: opts.userDataDir })]);
      return new Assistant(opts, log, settings, lock);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  /** The shell attaches its hooks once its window/tray exist. */
  setPlatform(hooks: PlatformHooks): void {
    this.platform = { ...this.platform, ...hooks };
  }

  /** Start-up problems: torn log tail, bad settings file, unwritable data dir. */
  notices(): AppNotice[] {
    return [...this.log.notices, ...this.settings.notices];
  }

  private async changeSettings(patch: SettingsPatch): Promise<Settings> {
    const before = this.settings.get();
    const after = await this.settings.set(patch);
    for (const [key, engine] of ENGINE_SETTINGS) if (before.engines[key] !== after.engines[key]) await this.engines.reset(engine);
    if (before.languages.input !== after.languages.input && this.speechLang === undefined) await this.engines.reset('speech');
    this.platform.onSettingsChanged?.(after);
    this.events.emit('settings.changed', after);
    return after;
  }

  private noShell(what: string): MambaError {
    return new MambaError('ENGINE_UNAVAILABLE', `${what} needs the desktop app; the browser mode cannot reach it.`, 'Use the webcam or open an image file instead, or run Mamba as the desktop app.');
  }

  handlers(): HandlerTable {
    const ctx = this.ctx;
    return {
      'handwriting.recognize': (p, c) => recognizeDrawing(ctx, p, c.signal),
      'handwriting.commit': (p) => commitText(ctx, p),
      'handwriting.correct': (p) => correctCharacter(ctx, p),
      'handwriting.forgetCorrections': () => forgetCorrections(ctx),
      'translate.text': (p) => translate(ctx, p),
      'translate.pairs': async () => (await this.engines.get('translate')).listPairs(),
      'tts.speak': (p) => speak(ctx, p),
      'ocr.readThis': (p, c) => readThis(ctx, p, c.signal),
      'voice.start': (p, c) => this.voice.start(c.clientId, p.lang),
      'voice.audio': (p, c) => this.voice.audio(c.clientId, p.pcmBase64),
      'voice.stop': (_p, c) => this.voice.stop(c.clientId),
      'voice.answer': (p, c) => this.voice.answer(c.clientId, p.yes),
      'assistant.command': (p) => runTypedCommand(ctx, p.text, p.lang),
      'log.list': (p) => this.log.list(p),
      'log.search': (p) => this.log.list(p),
      'settings.get': async () => this.settings.get(),
      'settings.set': (p) => this.changeSettings(p),
      'engines.status': async () => this.engines.status(),
      'engines.load': async (p) => {
        await this.engines.get(p.engine).catch(() => undefined); // the status carries the error and its fix
        return this.engines.statusOf(p.engine);
      },
      'app.info': async (): Promise<AppInfo> => ({
        version: appVersion(),
        transport: this.opts.transport,
        platform: process.platform,
        shortcut: this.platform.shortcutStatus?.() ?? {
          accelerator: this.settings.get().shortcut,
          registered: false,
          error: this.noShell('The global shortcut').toJSON(),
        },
        notices: this.notices(),
      }),
      'capture.clipboard': async (p, c) => {
        if (!this.platform.readClipboardImage) throw this.noShell('Reading the clipboard');
        return readImageBytes(ctx, await this.platform.readClipboardImage(), 'clipboard', p.to, p.speak, c.signal);
      },
      'capture.screen': async () => {
        if (!this.platform.captureScreen) throw this.noShell('Capturing the screen');
        return this.platform.captureScreen();
      },
    };
  }

  /** Voice sessions running now. */
  voiceSessionCount(): number {
    return this.voice.count;
  }

  /** A window or socket went away: its voice session ends with it (its requests are cancelled by the transport). */
  async clientGone(clientId: string): Promise<void> {
    await this.voice.stop(clientId).catch(() => undefined);
  }

  /** For shell-initiated work (tray: read the clipboard) outside any request. */
  get flow(): FlowContext {
    return this.ctx;
  }

  async close(): Promise<void> {
    await this.voice.closeAll();
    await this.engines.closeAll();
    await this.log.close();
    await this.dataLock.release();
  }
}
