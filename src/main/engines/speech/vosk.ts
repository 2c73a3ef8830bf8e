/**
 * Vosk (Kaldi) through koffi: the production recogniser when a Vosk model is installed.
 * npm `vosk` is not used as a module (its ffi-napi binding does not build on Node 20 and is reported to
 * crash on recent Electron); only its prebuilt libvosk is taken, fetched by scripts/setup.sh into .cache/vosk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import koffi from 'koffi';
import { MambaError } from '../../../shared/errors';
import type { ProgressFn, Transcript } from '../../../shared/types';
import type { SpeechEngine, SpeechStream, StreamMode } from './types';
import { toVoskGrammar, usablePhrases } from './grammar';
import { transcribeBuffer } from './transcribeBuffer';
import { offThread, SerialQueue, type NativeFn } from './offThread';
import { isCompleteVoskModel, VOSK_MODELS, voskModelLang } from './models';
import { SPEECH_RATE } from '../../platform/wav';

type Ptr = bigint;

/** Audio per worker-thread call in a whole-buffer decode (1 s). */
const OFF_THREAD_CHUNK = 16000;

interface VoskApi {
  modelNew: NativeFn<(path: string) => Ptr | null>;
  modelFree(m: Ptr): void;
  findWord(m: Ptr, w: string): number;
  recNew: NativeFn<(m: Ptr, rate: number) => Ptr | null>;
  recNewGrm: NativeFn<(m: Ptr, rate: number, grammar: string) => Ptr | null>;
  setWords(r: Ptr, on: number): void;
  setPartialWords(r: Ptr, on: number): void;
  accept: NativeFn<(r: Ptr, data: Int16Array, n: number) => number>;
  result(r: Ptr): string;
  partial(r: Ptr): string;
  finalResult: NativeFn<(r: Ptr) => string>;
  reset(r: Ptr): void;
  recFree(r: Ptr): void;
}

const LIB_FIX = 'run `npm run setup` (it fetches libvosk from the npm package vosk@0.3.39 into .cache/vosk), or set MAMBA_LIBVOSK to a libvosk file';
const PLATFORM_DIR: Record<string, string> = { linux: 'linux-x86_64', darwin: 'osx-universal', win32: 'win-x86_64' };
const LIB_NAME: Record<string, string> = { linux: 'libvosk.so', darwin: 'libvosk.dylib', win32: 'libvosk.dll' };

/** Candidate libvosk paths, most specific first. */
export function libvoskCandidates(): string[] {
  const plat = PLATFORM_DIR[process.platform] ?? 'linux-x86_64';
  const file = LIB_NAME[process.platform] ?? 'libvosk.so';
  const out: string[] = [];
  if (process.env.MAMBA_LIBVOSK) out.push(process.env.MAMBA_LIBVOSK);
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resources) out.push(path.join(resources, 'vosk', file)); // packaged app (electron-builder extraResources)
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    out.push(path.join(dir, '.cache', 'vosk', 'lib', plat, file));
    out.push(path.join(dir, 'node_modules', 'vosk', 'lib', plat, file));
  }
  return out;
}

let api: VoskApi | undefined;
let apiPath = '';

/** Load libvosk (once per process). Throws ENGINE_UNAVAILABLE with the fix when it is not there. */
export function loadLibvosk(): { path: string } {
  if (api) return { path: apiPath };
  const found = libvoskCandidates().find((p) => fs.existsSync(p));
  if (!found) throw new MambaError('ENGINE_UNAVAILABLE', 'libvosk not found', LIB_FIX);
  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load(found);
  } catch (e) {
    throw new MambaError('ENGINE_UNAVAILABLE', `libvosk at ${found} could not be loaded: ${(e as Error).message.split('\n')[0]}`, LIB_FIX);
  }
  const fn = <T extends (...args: never[]) => unknown>(decl: string) => lib.func(decl) as unknown as NativeFn<T>;
  fn<(level: number) => void>('void vosk_set_log_level(int level)')(-1); // Kaldi logs to stderr otherwise
  api = {
    modelNew: fn('void *vosk_model_new(const char *path)'),
    modelFree: fn('void vosk_model_free(void *m)'),
    findWord: fn('int vosk_model_find_word(void *m, const char *w)'),
    recNew: fn('void *vosk_recognizer_new(void *m, float rate)'),
    recNewGrm: fn('void *vosk_recognizer_new_grm(void *m, float rate, const char *grammar)'),
    setWords: fn('void vosk_recognizer_set_words(void *r, int on)'),
    setPartialWords: fn('void vosk_recognizer_set_partial_words(void *r, int on)'),
    accept: fn('int vosk_recognizer_accept_waveform_s(void *r, const int16_t *data, int n)'),
    result: fn('const char *vosk_recognizer_result(void *r)'),
    partial: fn('const char *vosk_recognizer_partial_result(void *r)'),
    finalResult: fn('const char *vosk_recognizer_final_result(void *r)'),
    reset: fn('void vosk_recognizer_reset(void *r)'),
    recFree: fn('void vosk_recognizer_free(void *r)'),
  };
  apiPath = found;
  return { path: found };
}

export interface VoskOptions {
  modelDir: string;
  lang?: string;
  onProgress?: ProgressFn;
}

interface VoskWord {
  word: string;
  start: number;
  end: number;
  conf?: number;
}
interface VoskResult {
  text?: string;
  partial?: string;
  result?: VoskWord[];
  partial_result?: VoskWord[];
}
const parse = (json: string): VoskResult => {
  try {
    return JSON.parse(json) as VoskResult;
  } catch {
    return {};
  }
};

export async function createVosk(o: VoskOptions): Promise<SpeechEngine> {
  const a = (loadLibvosk(), api as VoskApi);
  const dir = path.resolve(o.modelDir);
  const get = VOSK_MODELS.map((m) => `${m.name} (${m.lang}, ${m.size}) from ${m.url}`).join('; ');
  if (!fs.existsSync(dir)) {
    throw new MambaError('MODEL_MISSING', `Vosk model folder ${dir} does not exist`, `download and unzip one into it (run \`mamba models\`): ${get}`);
  }
  if (!isCompleteVoskModel(dir)) {
    throw new MambaError('MODEL_CORRUPT', `${dir} is not a complete Vosk model (no am/final.mdl or conf/)`, `unzip the model again so that ${dir}/am/final.mdl exists`);
  }
  const t0 = Date.now();
  o.onProgress?.({ step: 'loading Vosk model', fraction: 0, detail: dir });
  // Large models take seconds: load off the main thread and tell the user it is still going.
  const ticker = setInterval(() => o.onProgress?.({ step: 'loading Vosk model', detail: `${dir} (${Math.round((Date.now() - t0) / 1000)} s)` }), 1000);
  let model: Ptr | null;
  try {
    model = await offThread(a.modelNew, dir);
  } finally {
    clearInterval(ticker);
  }
  if (!model) throw new MambaError('MODEL_CORRUPT', `Vosk could not load the model in ${dir}`, 'download the model again; it may be incomplete or for another Vosk version');
  o.onProgress?.({ step: 'loading Vosk model', fraction: 1, detail: `${dir} (${Date.now() - t0} ms)` });
  let m: Ptr | null = model;
  const live = () => {
    if (!m) throw new MambaError('INTERNAL', 'speech engine is closed', 'create a new speech engine');
    return m;
  };
  const knowsWord = (w: string) => a.findWord(live(), w) >= 0;

  /** The Vosk grammar for a mode (null: the full model). */
  const grammarFor = (mode: StreamMode): string | null => {
    if (mode.kind === 'free') return null;
    if (mode.kind === 'keyphrase') return toVoskGrammar([mode.phrase]);
    const { phrases } = usablePhrases(mode.phrases, knowsWord);
    return toVoskGrammar(phrases, { prefix: mode.prefix?.filter(knowsWord) });
  };

  class VoskStream implements SpeechStream {
    samples = 0;
    private rec: Ptr | null;
    private done: string[] = [];
    private confs: number[] = [];
    private hit: { start: number; end: number } | null = null;
    constructor(
      private readonly mode: StreamMode,
      rec: Ptr | null,
    ) {
      if (!rec) throw new MambaError('INTERNAL', 'Vosk could not create a recogniser');
      this.rec = rec;
      a.setWords(rec, 1);
      if (mode.kind === 'keyphrase') a.setPartialWords(rec, 1);
    }
    static open(mode: StreamMode): VoskStream {
      const g = grammarFor(mode);
      return new VoskStream(mode, g === null ? a.recNew(live(), SPEECH_RATE) : a.recNewGrm(live(), SPEECH_RATE, g));
    }
    /** A recogniser made on a worker thread (a grammar compiles there). */
    static async openOffThread(mode: StreamMode): Promise<VoskStream> {
      const g = grammarFor(mode);
      return new VoskStream(mode, g === null ? await offThread(a.recNew, live(), SPEECH_RATE) : await offThread(a.recNewGrm, live(), SPEECH_RATE, g));
    }
    private take(r: VoskResult) {
      if (r.text) this.done.push(r.text);
      for (const w of r.result ?? []) if (w.conf !== undefined) this.confs.push(w.conf);
      this.spot(r.result);
    }
    private spot(words: VoskWord[] | undefined) {
      if (this.mode.kind !== 'keyphrase' || this.hit !== null || !words) return;
      const ws = this.mode.phrase.split(' ');
      const i = words.findIndex((x, k) => ws.every((p, j) => words[k + j]?.word === p));
      if (i >= 0) {
        const end = Math.min(this.samples, Math.round(words[i + ws.length - 1].end * SPEECH_RATE));
        this.hit = { start: Math.round(words[i].start * SPEECH_RATE), end };
      }
    }
    accept(pcm: Int16Array) {
      if (!this.rec || !pcm.length) return;
      this.accepted(a.accept(this.rec, pcm, pcm.length), pcm.length);
    }
    /** accept() on a worker thread. */
    async acceptOffThread(pcm: Int16Array) {
      if (!this.rec || !pcm.length) return;
      this.accepted(await offThread(a.accept, this.rec, pcm, pcm.length), pcm.length);
    }
    private accepted(rc: number, n: number) {
      if (!this.rec) return;
      if (rc < 0) throw new MambaError('INTERNAL', 'Vosk failed to process audio');
      this.samples += n;
      if (rc === 1) this.take(parse(a.result(this.rec)));
      else if (this.mode.kind === 'keyphrase') {
        const p = parse(a.partial(this.rec));
        this.spot(p.partial_result);
        if (this.hit === null && ` ${p.partial ?? ''} `.includes(` ${this.mode.phrase} `)) this.hit = { start: Math.max(0, this.samples - 8000), end: this.samples };
      }
    }
    partial() {
      if (!this.rec) return '';
      return [...this.done, parse(a.partial(this.rec)).partial ?? ''].join(' ').trim();
    }
    spotted() {
      return this.hit;
    }
    finish(): Transcript {
      return this.conclude(this.rec ? a.finalResult(this.rec) : null, performance.now());
    }
    /** finish() with the final search (lattice rescoring on big models) on a worker thread. */
    async finishOffThread(): Promise<Transcript> {
      const t0 = performance.now();
      return this.conclude(this.rec ? await offThread(a.finalResult, this.rec) : null, t0);
    }
    private conclude(finalJson: string | null, t0: number): Transcript {
      if (finalJson !== null) this.take(parse(finalJson));
      let text = this.done.join(' ').replace(/\[unk\]/g, '').replace(/\s+/g, ' ').trim();
      if (this.mode.kind === 'keyphrase') text = this.hit !== null ? this.mode.phrase : '';
      const confidence = this.confs.length ? this.confs.reduce((x, y) => x + y, 0) / this.confs.length : undefined;
      this.done = [];
      this.confs = [];
      this.samples = 0;
      this.hit = null;
      return { text, engine: 'vosk', final: true, ...(confidence !== undefined ? { confidence } : {}), ms: Math.round(performance.now() - t0) };
    }
    close() {
      if (this.rec) a.recFree(this.rec);
      this.rec = null;
    }
  }

  const openStream = (mode: StreamMode): SpeechStream => VoskStream.open(mode);
  /** Whole-buffer decodes, one at a time (close() waits for them before freeing the model). */
  const jobs = new SerialQueue();
  const decodeOffThread = (mode: StreamMode, speech: Int16Array) =>
    jobs.run(async () => {
      const s = await VoskStream.openOffThread(mode);
      try {
        for (let i = 0; i < speech.length; i += OFF_THREAD_CHUNK) {
          if (!m) throw new MambaError('INTERNAL', 'speech engine is closed', 'create a new speech engine');
          await s.acceptOffThread(speech.subarray(i, i + OFF_THREAD_CHUNK));
        }
        return await s.finishOffThread();
      } finally {
        s.close();
      }
    });
  return {
    name: 'vosk',
    lang: o.lang ?? voskModelLang(dir),
    knowsWord,
    openStream,
    transcribe(pcm, sampleRate, t = {}) {
      const mode: StreamMode = t.grammar ? { kind: 'grammar', phrases: t.grammar } : { kind: 'free' };
      return transcribeBuffer('vosk', (speech) => decodeOffThread(mode, speech), pcm, sampleRate);
    },
    async close() {
      const model = m;
      m = null; // a whole-buffer decode stops at its next chunk
      await jobs.drained();
      if (model) a.modelFree(model);
    },
  };
}
