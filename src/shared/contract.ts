/**
 * The one IPC contract between the renderer and main: every channel's name, its request
 * validator and response type, every event's payload type, and the WebSocket wire format.
 * Imported by main (both transports validate with it), the preload (to whitelist names) and
 * the renderer (for types). Browser-safe: no Node imports.
 */
import {
  ENGINE_NAMES,
  HANDWRITING_BACKENDS,
  HANDWRITING_MODELS,
  SPEECH_ENGINES,
  TTS_ENGINES,
  type Drawing,
  type EngineStatus,
  type HandwritingBackendChoice,
  type HandwritingModelId,
  type SpeechEngineChoice,
  type TtsEngineChoice,
  type Intent,
  type LanguageCode,
  type LogEntry,
  type OcrResult,
  type Point,
  type Recognition,
  type RecognizedWord,
  type SpeechAudio,
  type Stroke,
  type Transcript,
  type Translation,
} from './types';
import { MambaError, MambaErrorData } from './errors';
import {
  Validator,
  arr,
  base64,
  bool,
  either,
  empty,
  num,
  obj,
  oneOf,
  plainObject,
  str,
  bad,
  tooLarge,
} from './validate';

// ---------------------------------------------------------------- limits (documented in docs/app.md)

export const LIMITS = {
  /** Points over all strokes of one drawing. */
  drawingPoints: 20_000,
  drawingStrokes: 2_000,
  /** |x|, |y| bound: pads send CSS pixels; anything beyond this is garbage. */
  coordinate: 1_000_000,
  /** Encoded size of one image (about 11 MB of bytes). */
  imageBase64Chars: 15 * 1024 * 1024,
  /** Largest image width/height in pixels (a region's coordinates are bounded by it). */
  imageEdge: 32_768,
  /** Smallest region edge worth reading (OCR needs a few pixels of glyph height). */
  regionMinEdge: 8,
  /** One voice.audio chunk: 3 s of 16 kHz mono int16 = 96,000 bytes = 128,000 base64 chars. */
  audioChunkBase64Chars: 128_000,
  translateChars: 5_000,
  speakChars: 2_000,
  commandChars: 1_000,
  /** One committed pad text (a word or a few). */
  padCommitChars: 200,
  queryChars: 200,
  logPage: 500,
  /** Largest WebSocket frame accepted (an image request plus envelope). */
  frameBytes: 16 * 1024 * 1024,
  /** Deepest JSON nesting a frame may have (a drawing request needs 6). */
  frameDepth: 10,
} as const;

// ---------------------------------------------------------------- shared field validators

const lang: Validator<LanguageCode> = str({ min: 2, max: 3, pattern: /^[a-z]{2,3}$/, patternHint: "must be an ISO 639-1 code like 'en'" });
const langOrAuto: Validator<LanguageCode | 'auto'> = (v, p) => (v === 'auto' ? 'auto' : lang(v, p));
const id: Validator<string> = str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'must be an id (letters, digits, _ and -)' });
const model: Validator<HandwritingModelId> = oneOf(HANDWRITING_MODELS);
const box: Validator<[number, number, number, number]> = (v, p) => {
  const a = arr(num({ min: -LIMITS.coordinate, max: LIMITS.coordinate }), { min: 4, max: 4 })(v, p);
  return [a[0], a[1], a[2], a[3]];
};
/** One visible character (a letter, digit, punctuation or symbol; surrogate pairs allowed). */
const oneChar: Validator<string> = str({ min: 1, max: 2, pattern: /^[\p{L}\p{N}\p{P}\p{S}]$/u, patternHint: 'must be one visible character' });

function point(v: unknown, p: string): Point {
  if (!Array.isArray(v)) throw bad(p, 'must be an array [x, y] or [x, y, t] or [x, y, t, pressure]');
  if (v.length < 2 || v.length > 4) throw bad(p, `must have 2 to 4 numbers, has ${v.length}`);
  const c = num({ min: -LIMITS.coordinate, max: LIMITS.coordinate });
  const x = c(v[0], `${p}[0]`);
  const y = c(v[1], `${p}[1]`);
  if (v.length === 2) return [x, y];
  const t = num({ min: 0, max: 1e13 })(v[2], `${p}[2]`);
  if (v.length === 3) return [x, y, t];
  return [x, y, t, num({ min: 0, max: 1 })(v[3], `${p}[3]`)];
}

/** A pad drawing: strokes of points, at most LIMITS.drawingPoints in total. */
export const validateDrawing: Validator<Drawing> = (v, p) => {
  const src = plainObject(v, p);
  for (const k of Object.keys(src)) if (k !== 'strokes') throw bad(`${p}.${k}`, 'is not a known field');
  const strokes = src.strokes;
  if (!Array.isArray(strokes)) throw bad(`${p}.strokes`, 'must be an array of strokes');
  if (strokes.length > LIMITS.drawingStrokes) throw tooLarge(`${p}.strokes`, `has ${strokes.length} strokes (max ${LIMITS.drawingStrokes})`);
  let total = 0;
  const out: Stroke[] = [];
  for (let i = 0; i < strokes.length; i++) {
    const s = strokes[i];
    const sp = `${p}.strokes[${i}]`;
    if (!Array.isArray(s)) throw bad(sp, 'must be an array of points');
    total += s.length;
    if (total > LIMITS.drawingPoints) throw tooLarge(`${p}.strokes`, `has more than ${LIMITS.drawingPoints} points`);
    const stroke: Stroke = new Array(s.length);
    for (let j = 0; j < s.length; j++) stroke[j] = point(s[j], `${sp}[${j}]`);
    out.push(stroke);
  }
  return { strokes: out };
};

const imageBase64 = base64({ maxChars: LIMITS.imageBase64Chars, mime: /^image\// });

/** A rectangle of an image in its pixels (top-left origin); main checks it lies inside the image. */
export interface ImageRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}
const pixel = num({ min: 0, max: LIMITS.imageEdge, int: true });
const extent = num({ min: 1, max: LIMITS.imageEdge, int: true });
export const validateImageRegion: Validator<ImageRegion> = obj({ x: pixel, y: pixel, width: extent, height: extent });

// ---------------------------------------------------------------- settings

export type Theme = 'system' | 'light' | 'dark';
export interface Settings {
  languages: {
    /** Language the user speaks/writes (voice commands, pad). */
    input: 'en' | 'es';
    /** Default translation source ('auto' detects) and target. */
    translateFrom: LanguageCode | 'auto';
    translateTo: LanguageCode;
  };
  voice: {
    /** TTS voice name ('' = engine default for the language). */
    name: string;
    /** Words per minute. */
    rate: number;
    /** Listen for the wake word "Mamba" while a voice session runs. */
    wakeWord: boolean;
  };
  engines: {
    handwritingModel: HandwritingModelId;
    handwritingBackend: HandwritingBackendChoice;
    speech: SpeechEngineChoice;
    tts: TtsEngineChoice;
  };
  /** Electron accelerator for quick capture, e.g. 'CommandOrControl+Shift+M'; '' disables it. */
  shortcut: string;
  /** Accelerator for "read a screen region" ('' disables it; absent in settings files from before it existed). */
  regionShortcut?: string;
  theme: Theme;
  /** The handwriting pad (absent in settings files from before it existed: DEFAULT_SETTINGS.pad applies). */
  pad?: PadSettings;
  /** The window's own choices, remembered across reloads (absent in settings files from before it existed). */
  ui?: UiSettings;
}

/** What the pad does by itself; docs/ui.md explains the choices. */
export interface PadSettings {
  /** Pen rest before the written word is committed to the line, in ms; 0: only a tap, the space gesture or Enter commit. */
  commitPauseMs: number;
  /** After each commit: nothing, speak the committed text, or translate the line and speak the translation. */
  onCommit: PadOnCommit;
}
export const PAD_ON_COMMIT = ['nothing', 'speak', 'translate-speak'] as const;
export type PadOnCommit = (typeof PAD_ON_COMMIT)[number];
export const PAD_COMMIT_PAUSE = { min: 600, max: 10_000 } as const;
export const DEFAULT_PAD_SETTINGS: PadSettings = { commitPauseMs: 1500, onCommit: 'nothing' };

export const UI_TABS = ['write', 'read', 'voice'] as const;
export type UiTab = (typeof UI_TABS)[number];
export interface UiSettings {
  /** The tab shown at start: the one used last. */
  tab: UiTab;
  /** Keep the microphone open for the wake word (the Voice tab's "Always listen"). */
  alwaysListen: boolean;
  /** Read this translates what it read into languages.translateTo. */
  readThisTranslate: boolean;
}
export const DEFAULT_UI_SETTINGS: UiSettings = { tab: 'write', alwaysListen: false, readThisTranslate: false };

export const DEFAULT_SETTINGS: Settings = {
  languages: { input: 'en', translateFrom: 'auto', translateTo: 'es' },
  voice: { name: '', rate: 170, wakeWord: true },
  engines: { handwritingModel: 'full', handwritingBackend: 'auto', speech: 'auto', tts: 'auto' },
  shortcut: 'CommandOrControl+Shift+M',
  regionShortcut: 'CommandOrControl+Alt+M',
  theme: 'system',
  pad: DEFAULT_PAD_SETTINGS,
  ui: { ...DEFAULT_UI_SETTINGS },
};

const languagesFields = {
  input: oneOf(['en', 'es'] as const),
  translateFrom: langOrAuto,
  translateTo: lang,
};
const voiceFields = {
  name: str({ max: 64, pattern: /^[A-Za-z0-9_+ .-]*$/, patternHint: 'must be a voice name' }),
  rate: num({ min: 80, max: 400, int: true }),
  wakeWord: bool,
};
const enginesFields = {
  handwritingModel: model,
  handwritingBackend: oneOf(HANDWRITING_BACKENDS),
  speech: oneOf(SPEECH_ENGINES),
  tts: oneOf(TTS_ENGINES),
};
const shortcut = str({ max: 64, pattern: /^$|^[A-Za-z0-9]+(\+[A-Za-z0-9]+)*$/, patternHint: "must be an accelerator like 'CommandOrControl+Shift+M'" });
const theme = oneOf(['system', 'light', 'dark'] as const);
const commitPauseMs: Validator<number> = (v, p) => {
  const ms = num({ min: 0, max: PAD_COMMIT_PAUSE.max, int: true })(v, p);
  if (ms !== 0 && ms < PAD_COMMIT_PAUSE.min) throw bad(p, `must be 0 (off) or at least ${PAD_COMMIT_PAUSE.min}`);
  return ms;
};
const padFields = { commitPauseMs, onCommit: oneOf(PAD_ON_COMMIT) };
const uiFields = {
  tab: oneOf(UI_TABS),
  alwaysListen: bool,
  readThisTranslate: bool,
};

/** A complete settings object (the file on disk). */
export const validateSettings: Validator<Settings> = obj(
  {
    languages: obj(languagesFields),
    voice: obj(voiceFields),
    engines: obj(enginesFields),
    shortcut,
    theme,
  },
  { regionShortcut: shortcut, pad: obj(padFields), ui: obj(uiFields) },
);

/** A change to some settings: every section and field optional (inferred from the validator below). */
export type SettingsPatch = ReturnType<typeof validateSettingsPatch>;
export const validateSettingsPatch = obj(
  {},
  {
    languages: obj({}, languagesFields),
    voice: obj({}, voiceFields),
    engines: obj({}, enginesFields),
    shortcut,
    regionShortcut: shortcut,
    theme,
    pad: obj({}, padFields),
    ui: obj({}, uiFields),
  },
);

// ---------------------------------------------------------------- request / response types

export type EmptyRequest = Record<string, never>;

/** Inferred from the channel's validator: drawing, model?, lang? (language written in, for word candidates; default settings.languages.input). */
export type RecognizeRequest = RequestOf<'handwriting.recognize'>;
/** A recognition plus the id `handwriting.correct` refers to. */
export interface PadRecognition extends Recognition {
  recognitionId: string;
  /**
   * Whole-text candidates for the word bar, best first: the decoder's reading, then readings built
   * from the per-character alternatives that are words, words of the word list that start with the
   * reading, accented forms (niño for nino) and other readings. At least the reading when there is text.
   */
  candidates: string[];
}

/** How a pad commit was asked for (kept in the log entry's meta). */
export const PAD_COMMIT_VIA = ['pause', 'candidate', 'space', 'enter', 'button'] as const;
export type PadCommitVia = (typeof PAD_COMMIT_VIA)[number];
/** The user accepted `text` for the pad's word: one log entry, "what I wrote" for voice commands. Inferred from the channel's validator: text, recognitionId? (the live recognition it came from: its model, backend and stroke count go into the log), lang?, via?, line? (the whole editable line after this commit, which "read what I wrote" reads). */
export type CommitRequest = RequestOf<'handwriting.commit'>;
export interface CommitResult {
  /** The log entry written for this commit. */
  entryId: string;
}

export type CorrectRequest =
  | { recognitionId: string; wordIndex: number; charIndex: number; correctChar: string }
  | { drawing: Drawing; box: [number, number, number, number]; correctChar: string; predictedChar?: string; model?: HandwritingModelId };
export interface CorrectResult {
  /** The saved sample's id ('' when nothing was saved: see `saved`). */
  sampleId: string;
  /** The recognition's text with the correction applied ('' for a free-standing sample). */
  text: string;
  /** The corrected word as the recognition now reads it (what the pad shows); absent for a free-standing sample. */
  word?: RecognizedWord;
  /**
   * Whether a labelled sample was saved. False for an accent on the same letter (n -> ñ): the
   * models have no accented classes, so only the text changes.
   */
  saved: boolean;
  /** Saved sample, relative to the user data dir (samples/<id>.json); '' when nothing was saved. */
  savedTo: string;
  /** Whether the recogniser has already learnt it (false: it will when the engine next starts). */
  learnt: boolean;
}

/** Inferred from the channel's validator: text, from (a language or 'auto'), to, speak? (also synthesise the translation). */
export type TranslateRequest = RequestOf<'translate.text'>;
export interface TranslateResult extends Translation {
  speech?: SpeechAudio;
}
export interface LanguagePair {
  from: LanguageCode;
  to: LanguageCode;
  quality: 'literal' | 'pivot';
  via?: LanguageCode;
}

/** Inferred from the channel's validator: text, lang?, voice?, rate? (words per minute), cue? (the window's own cue — countdown, hint —: neither logged nor what "repeat" repeats). */
export type SpeakRequest = RequestOf<'tts.speak'>;

/** Inferred from the channel's validator: imageBase64 (PNG/JPEG/WebP; a data: URL too), to?, speak?, source?, region? (read only this rectangle: main crops it, the log keeps the crop's thumbnail). */
export type ReadThisRequest = RequestOf<'ocr.readThis'>;
export interface ReadThisResult {
  ocr: OcrResult;
  translation?: Translation;
  speech?: SpeechAudio;
  /** Small JPEG data: URL of the capture, as stored in the log. */
  thumbnail?: string;
}

/** What Mamba did about a command (typed, spoken or from the tray). */
export interface AssistantReply {
  intent: Intent;
  /** What Mamba says back, in words (also spoken when `speech` is present). */
  say: string;
  speech?: SpeechAudio;
  translation?: Translation;
  ocr?: OcrResult;
  /** Something the renderer must do to finish (e.g. take a webcam photo for "read this"). */
  action?: 'capture.webcam';
}

/** Entries oldest first; `hasMore` when older entries exist before the first one. */
export interface LogPage {
  entries: LogEntry[];
  hasMore: boolean;
}

export interface ShortcutStatus {
  accelerator: string;
  registered: boolean;
  /** Why it is not registered, e.g. the desktop (Wayland) refused it, with the fix. */
  error?: MambaErrorData;
}
export interface AppInfo {
  version: string;
  transport: 'electron' | 'websocket';
  platform: string;
  shortcut: ShortcutStatus;
  /** Problems found at start (e.g. a torn log tail that was skipped). */
  notices: AppNotice[];
}
export interface ScreenImage {
  imageBase64: string;
  width: number;
  height: number;
}
export const validateScreenImage: Validator<ScreenImage> = obj({ imageBase64, width: extent, height: extent });

// ---------------------------------------------------------------- channels

/** A channel: its request validator (strict) and, as a phantom type, its response. */
export interface ChannelDef<Req, Res> {
  readonly request: Validator<Req>;
  readonly doc: string;
  /** Never set; carries the response type. */
  readonly _response?: Res;
}
function channel<Res>() {
  return <Req>(request: Validator<Req>, doc: string): ChannelDef<Req, Res> => ({ request, doc });
}

const padText: Validator<string> = (v, p) => {
  const text = str({ min: 1, max: LIMITS.padCommitChars })(v, p);
  if (!text.trim()) throw bad(p, 'must contain a visible character');
  return text;
};
const logQuery = str({ max: LIMITS.queryChars });
const logLimit = num({ min: 1, max: LIMITS.logPage, int: true });

export const CHANNELS = {
  'handwriting.recognize': channel<PadRecognition>()(
    obj({ drawing: validateDrawing }, { model, lang: languagesFields.input }),
    'Recognise a pad drawing (live, after every stroke: nothing is logged) with word candidates.',
  ),
  'handwriting.commit': channel<CommitResult>()(
    obj(
      { text: padText },
      { recognitionId: id, lang: languagesFields.input, via: oneOf(PAD_COMMIT_VIA), line: str({ max: LIMITS.translateChars }) },
    ),
    'Commit the text written on the pad: one log entry per committed word.',
  ),
  'handwriting.correct': channel<CorrectResult>()(
    either<CorrectRequest, CorrectRequest>(
      obj({ recognitionId: id, wordIndex: num({ min: 0, max: 1000, int: true }), charIndex: num({ min: 0, max: 1000, int: true }), correctChar: oneChar }),
      obj({ drawing: validateDrawing, box, correctChar: oneChar }, { predictedChar: oneChar, model }),
      '{recognitionId, wordIndex, charIndex, correctChar} or {drawing, box, correctChar}',
    ),
    'Save a corrected character as a labelled sample; the recogniser learns it at once.',
  ),
  'handwriting.forgetCorrections': channel<{ removed: number }>()(empty, 'Delete every saved correction and make the recogniser forget them.'),
  'translate.text': channel<TranslateResult>()(
    obj({ text: str({ min: 1, max: LIMITS.translateChars }), from: langOrAuto, to: lang }, { speak: bool }),
    'Translate text offline (optionally speak the result).',
  ),
  'translate.pairs': channel<LanguagePair[]>()(empty, 'Installed language pairs.'),
  'tts.speak': channel<SpeechAudio>()(
    obj({ text: str({ min: 1, max: LIMITS.speakChars }) }, { lang, voice: voiceFields.name, rate: voiceFields.rate, cue: bool }),
    'Synthesise speech; the renderer plays the WAV.',
  ),
  'ocr.readThis': channel<ReadThisResult>()(
    obj({ imageBase64 }, { to: lang, speak: bool, source: oneOf(['webcam', 'clipboard', 'screen', 'file'] as const), region: validateImageRegion }),
    'Read the text in a photo (page finding, OCR), or in one region of it, optionally translate and speak it.',
  ),
  'voice.start': channel<{ sessionId: string }>()(obj({}, { lang: languagesFields.input }), 'Start a voice session.'),
  'voice.audio': channel<{ accepted: number }>()(
    obj({ pcmBase64: base64({ maxChars: LIMITS.audioChunkBase64Chars }) }),
    'Feed 16 kHz mono int16 PCM to the voice session.',
  ),
  'voice.stop': channel<{ stopped: boolean }>()(empty, 'End the voice session.'),
  'voice.answer': channel<{ answered: boolean }>()(obj({ yes: bool }), 'Answer "Did you mean …?" (voice.confirm) with a click: yes acts, no drops the command.'),
  'assistant.command': channel<AssistantReply>()(
    obj({ text: str({ min: 1, max: LIMITS.commandChars }) }, { lang: languagesFields.input }),
    'A typed command through the intent router.',
  ),
  'log.list': channel<LogPage>()(obj({}, { query: logQuery, limit: logLimit, before: id }), 'Newest log entries (optionally filtered).'),
  'log.search': channel<LogPage>()(obj({ query: str({ min: 1, max: LIMITS.queryChars }) }, { limit: logLimit, before: id }), 'Log entries whose text matches.'),
  'settings.get': channel<Settings>()(empty, 'Current settings.'),
  'settings.set': channel<Settings>()(validateSettingsPatch, 'Change some settings; returns all of them.'),
  'engines.status': channel<EngineStatus[]>()(empty, 'State of every engine.'),
  'engines.load': channel<EngineStatus>()(
    obj({ engine: oneOf(ENGINE_NAMES) }),
    'Load an engine now (engines otherwise load on first use).',
  ),
  'app.info': channel<AppInfo>()(empty, 'Version, transport, shortcut status and start-up notices.'),
  'capture.clipboard': channel<ReadThisResult>()(obj({}, { to: lang, speak: bool }), 'Read this: the image on the clipboard (Electron only).'),
  'capture.screen': channel<ScreenImage>()(empty, 'A screenshot of the primary display for region selection (Electron only).'),
} as const;

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = Channels[C] extends ChannelDef<infer Q, unknown> ? Q : never;
export type ResponseOf<C extends ChannelName> = Channels[C] extends ChannelDef<unknown, infer R> ? R : never;
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CHANNELS, name);
}

// ---------------------------------------------------------------- events (main -> renderer)

export interface AppNotice {
  level: 'info' | 'warning' | 'error';
  code?: string;
  message: string;
  fix?: string;
}
export type CaptureSource = 'webcam' | 'clipboard' | 'screen';
export interface CaptureRequest {
  source: CaptureSource;
  /** With 'screen': the screenshot to select a region of (then `ocr.readThis` with `region`). */
  image?: ScreenImage;
}
/** Events come from our own main, but the screenshot is big and user-facing: the renderer checks it. */
export const validateCaptureRequest: Validator<CaptureRequest> = obj(
  { source: oneOf(['webcam', 'clipboard', 'screen'] as const) },
  { image: validateScreenImage },
);

export interface EventMap {
  'log.appended': LogEntry;
  'engine.status': EngineStatus;
  'voice.wake': Record<string, never>;
  'voice.partial': { text: string };
  'voice.command': { transcript: Transcript; intent: Intent };
  'voice.timeout': Record<string, never>;
  /** A command heard with middling confidence: ask "Did you mean …?"; voice.command (yes) or voice.dismissed follows. */
  'voice.confirm': { transcript: Transcript; intent: Intent };
  'voice.dismissed': Record<string, never>;
  /** The wake word was heard, the command not. */
  'voice.rejected': { transcript: Transcript };
  /** A reply to something not invoked by the renderer (voice, tray): show it, play `speech`. */
  'assistant.reply': AssistantReply;
  /** Tray/shortcut asked for a capture: 'webcam' opens the camera view; 'screen' carries the screenshot to select a region of. */
  'capture.request': CaptureRequest;
  'settings.changed': Settings;
  'app.notice': AppNotice;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: EventName[] = [
  'log.appended',
  'engine.status',
  'voice.wake',
  'voice.partial',
  'voice.command',
  'voice.timeout',
  'voice.confirm',
  'voice.dismissed',
  'voice.rejected',
  'assistant.reply',
  'capture.request',
  'settings.changed',
  'app.notice',
];
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as string[]).includes(name);
}

// ---------------------------------------------------------------- the typed API the renderer sees

type PayloadArgs<C extends ChannelName> = RequestOf<C> extends EmptyRequest ? [payload?: RequestOf<C>] : [payload: RequestOf<C>];

/** `window.mamba` (Electron preload) and the WebSocket client both implement this. */
export interface MambaApi {
  /** Call a channel; rejects with an Error carrying `code` and `fix` (MambaErrorData). */
  invoke<C extends ChannelName>(channel: C, ...payload: PayloadArgs<C>): Promise<ResponseOf<C>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, cb: (payload: EventMap[E]) => void): () => void;
}

/** Validate a request for a known channel; throws UNKNOWN_CHANNEL / BAD_INPUT / TOO_LARGE. */
export function validateRequest<C extends ChannelName>(channel: C, payload: unknown): RequestOf<C>;
export function validateRequest(channel: string, payload: unknown): unknown;
export function validateRequest(channel: string, payload: unknown): unknown {
  if (!isChannelName(channel)) throw unknownChannel(channel);
  const def = CHANNELS[channel] as ChannelDef<unknown, unknown>;
  return def.request(payload, 'payload');
}

export function unknownChannel(channel: unknown): MambaError {
  const shown = typeof channel === 'string' ? `'${channel.slice(0, 60)}'` : 'a non-string channel';
  return new MambaError('UNKNOWN_CHANNEL', `Unknown request ${shown}.`, `Use one of the channels in docs/app.md (${CHANNEL_NAMES.length} in all).`);
}

// ---------------------------------------------------------------- WebSocket wire format

/** Client -> server. */
export interface WireRequest {
  id: number;
  channel: string;
  payload: unknown;
}
/** Server -> client, answering the request with the same id. */
export type WireResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: MambaErrorData };
/** Server -> client, unsolicited. */
export interface WireEvent {
  event: string;
  payload: unknown;
}
/** Path of the WebSocket endpoint; the per-run token goes in the `token` query parameter. */
export const WS_PATH = '/ws';
export const WS_TOKEN_PARAM = 'token';

/** Check a decoded frame is a request envelope (not its payload, that is the channel's job). */
export const validateWireRequest: Validator<WireRequest> = (v, p) => {
  const src = plainObject(v, p);
  for (const k of Object.keys(src)) if (k !== 'id' && k !== 'channel' && k !== 'payload') throw bad(`${p}.${k}`, 'is not a known field');
  const reqId = num({ min: 0, max: Number.MAX_SAFE_INTEGER, int: true })(src.id, `${p}.id`);
  const ch = str({ min: 1, max: 100 })(src.channel, `${p}.channel`);
  return { id: reqId, channel: ch, payload: src.payload };
};

