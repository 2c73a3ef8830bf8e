/**
 * PocketSphinx through koffi: the recogniser every Debian/Ubuntu machine can have
 * (`apt install libpocketsphinx3 pocketsphinx-en-us`). Binds the 5prealpha API Debian ships
 * (cmd_ln + ps_set_search) and the 5.x API (ps_config + ps_activate_search) where that is installed.
 * Decoders per engine, each search (grammar, keyphrase or the LM) named on them:
 *  - the streaming decoder, called on the caller's thread: the voice session feeds it 20 ms chunks
 *    (about a millisecond each);
 *  - the whole-buffer decoder (`transcribe`: files and long speech), and, made on first use, the command
 *    decoders (`scoreGrammar`) and the phrase decoder (`readPhrase`: a command's free text), called only
 *    on koffi worker threads, one call at a time, so a decode of seconds never blocks the main process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import koffi, { type LibraryHandle } from 'koffi';
import { MambaError } from '../../../shared/errors';
import type { ProgressFn, Transcript } from '../../../shared/types';
import type { CommandGrammar, ScoredReading, SpeechEngine, SpeechStream, StreamMode, TimedWord } from './types';
import { FREE, normalizePhrase, toJsgf, usablePhrases } from './grammar';
import { spanishPronunciations } from './spanishPhones';
import { transcribeBuffer } from './transcribeBuffer';
import { offThread, SerialQueue, type NativeFn } from './offThread';
import { estimateSnrDb } from './vad';
import { defaultNoiseTransform, mllrTransformProblem } from './mllrTransform';

type Ptr = bigint;
const FRAME_SAMPLES = 160; // PocketSphinx runs at 100 frames/s on 16 kHz audio

export const POCKETSPHINX_MODEL_DIRS = [
  '/usr/share/pocketsphinx/model/en-us',
  '/usr/local/share/pocketsphinx/model/en-us',
  '/opt/homebrew/share/pocketsphinx/model/en-us',
];
/**
 * The whole-buffer decoder's extra options. At most 3000 active HMMs per frame (default 30000):
 * free-text decoding ~1.5x faster (CPU RTF 0.19 -> 0.14 on synthetic requests, 0.28 -> 0.17 on the
 * librivox human recordings) with the same word errors on both; 2000 or `-topn 2` cost words on
 * the human set, narrower -beam/-wbeam or -ds 2 cost many (docs/voice.md, tuning table). The streaming
 * decoder keeps the defaults its keyword-spotting threshold was measured with.
 */
const WHOLE_BUFFER_ARGS = ['-maxhmmpf', '3000'];
/** PocketSphinx's log (to stderr by default) sent nowhere. */
const NO_LOG = ['-logfn', process.platform === 'win32' ? 'NUL' : '/dev/null'];
/**
 * The phrase decoder's extra options (`readPhrase`: the few words of a command's free text): the
 * second, flat-lexicon search pass on. It read 119 of 234 synthetic requests' free text exactly against
 * 98 without it (13 voices, clean and 20 dB); on long read speech it was worse (librivox WER 28.2 % vs
 * 21.1 %, CPU RTF 0.14 vs 0.10), so the whole-buffer decoder keeps it off.
 */
const PHRASE_ARGS = ['-fwdflat', 'yes', '-bestpath', 'yes'];
/**
 * The command decoder's options (grammar + phone loop, `scoreGrammar`): wide beams. With the defaults
 * the FSG search pruned every path that reached the grammar's end on 7 of 36 espeak-ng commands and
 * returned nothing (pocketsphinx_continuous does the same with our grammar); the grammar is small, so
 * the wide beams cost little (CPU RTF ~0.07 for both searches). And every frame decoded
 * (`-remove_silence no`; the VAD has already cut the utterance): the front end's own silence removal
 * dropped the first ~14 frames, so every word time came out ~140 ms early and the free text was cut
 * from the end of "mamba" to the middle of "to" (docs/voice.md, "The free text of a request").
 */
const COMMAND_ARGS = ['-beam', '1e-80', '-pbeam', '1e-80', '-wbeam', '1e-60', '-remove_silence', 'no'];
/**
 * Commands whose audio reads below this SNR (`estimateSnrDb`: pink noise mixed at 20 dB reads ~25 dB,
 * at 10 dB ~16 dB, clean speech > 50 dB) are heard with the noise transform (MLLR) on the model: it
 * cost clean speech a little and gained under noise (docs/voice.md, "MLLR"). Noisy speech normally
 * reaches the decoder already denoised (denoise.ts, heardSpeech) and reads clean; the transform is what
 * is left where RNNoise cannot be loaded, or for a caller that passes raw noisy audio.
 */
const NOISY_SNR_DB = 30;
/**
 * `pcm` with ±1 LSB of noise, the same noise for every call (the result depends on the audio only).
 * Digital silence (files, synthetic speech padded with zeros) gives the front end log(0) frame
 * energies, which threw its noise and silence estimates off: espeak-ng commands went from 4/12 to
 * 10/12 right on the tuning voices with this (PocketSphinx's own `-dither` draws from a global,
 * time-seeded generator).
 */
export function dithered(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length);
  let x = 0x2545f491;
  for (let i = 0; i < pcm.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const v = pcm[i] + ((x >>> 0) % 3) - 1;
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
/**
 * Extra pronunciations on the command decoder. cmudict has only the American "mamba" M AA M B AH; the
 * British /ˈmæmbə/ (and espeak-ng's voices, which all say it so) was not matched at all: the grammar
 * skipped the wake word, pushed the command onto its audio and misread it ("what time is it" -> "stop").
 */
const COMMAND_PRONUNCIATIONS: [string, string][] = [['mamba(2)', 'M AE M B AH']];
const INSTALL_FIX = 'install PocketSphinx: `sudo apt install libpocketsphinx3 pocketsphinx-en-us` (or set MAMBA_POCKETSPHINX_LIB)';

export interface PocketSphinxOptions {
  /** Directory holding en-us/ (acoustic model), en-us.lm.bin and cmudict-en-us.dict. */
  modelDir?: string;
  /** Keyword-spotting threshold: lower finds more (and more false alarms). Default 1e-10 ($MAMBA_KWS_THRESHOLD): measured 0 false wakes on the negative set, see docs/voice.md. */
  kwsThreshold?: number;
  onProgress?: ProgressFn;
  /** Decoder options (`['-maxhmmpf', '2000', …]`) replacing the defaults, both decoders: for tuning. */
  decoderArgs?: string[];
  /**
   * Frequency warps (PocketSphinx `-warp_type inverse_linear`) the commands are heard at, one command
   * decoder each; the reading with the best grammar-vs-phone-loop margin is kept. Default [1] (no warp):
   * [1, 1.1, 1.2] heard more commands from female voices under noise but woke Mamba on more ordinary
   * speech and took 3x the time (docs/voice.md, "Vocal-tract length").
   */
  commandWarps?: number[];
  /**
   * MLLR transform (mllr_solve's text format) the command decoder uses on noisy utterances (below
   * NOISY_SNR_DB). Default: the shipped models/speech/en-us-noise.mllr; null: never. A missing or
   * unreadable file leaves the plain model, said in one line to `log`.
   */
  noiseTransform?: string | null;
  /** Where that one line goes (default: stderr). */
  log?: (line: string) => void;
}

interface Api {
  v5: boolean;
  /** Parses the options here, loads the model on a worker thread. */
  init(argv: string[]): Promise<Ptr | null>;
  setJsgf: NativeFn<(ps: Ptr, name: string, jsgf: string) => number>;
  setKeyphrase: NativeFn<(ps: Ptr, name: string, phrase: string) => number>;
  /** Adds a word (phones: "M AA M B AH") to the dictionary; `update` 1 rebuilds the active search. */
  addWord: NativeFn<(ps: Ptr, word: string, phones: string, update: number) => number>;
  setSearch: NativeFn<(ps: Ptr, name: string) => number>;
  currentSearch(ps: Ptr): string | null;
  startUtt: NativeFn<(ps: Ptr) => number>;
  endUtt: NativeFn<(ps: Ptr) => number>;
  processRaw: NativeFn<(ps: Ptr, data: Int16Array, n: number, noSearch: number, fullUtt: number) => number>;
  getHyp(ps: Ptr): string | null;
  lastWordFrames(ps: Ptr): [number, number] | null;
  /**
   * The best hypothesis's words with their frames and acoustic scores (fillers and silences included);
   * `post`: the word's log posterior (base 1.0001), meaningful only where the decoder ran its lattice pass (-bestpath).
   */
  segments(ps: Ptr): { word: string; sf: number; ef: number; ascr: number; post: number }[];
  frames(ps: Ptr): number;
  lookupWord(ps: Ptr, word: string): boolean;
  /**
   * Puts the decoder's live cepstral mean back to where it was when first called on it (the model's
   * -cmninit), so a decode depends on its audio only, not on what came before; false where this
   * library's layout is not the one checked (the 5.x API: the caller then uses full_utt).
   */
  resetCmn(ps: Ptr): boolean;
  /**
   * Makes the front end's noise estimate (`-remove_noise`, and `-remove_silence`'s speech detector) a
   * function of `pcm` alone, before `pcm` is decoded: `ps_start_utt` leaves it running on from the
   * previous utterance, so a reading depended on what was decoded before (docs/voice.md). Starts a new
   * stream (`ps_start_stream`: the estimate restarts from the next frame) and runs the front end over
   * `pcm` without a search, so the decode starts from that audio's own estimate. False where the
   * library lacks these calls (the estimate then carries over).
   */
  ownNoise(ps: Ptr, pcm: Int16Array): Promise<boolean>;
  free(ps: Ptr): number;
}

let api: Api | undefined;

function openLibrary(names: string[]): LibraryHandle {
  const errors: string[] = [];
  for (const n of names) {
    try {
      return koffi.load(n);
    } catch (e) {
      errors.push(`${n}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new MambaError('ENGINE_UNAVAILABLE', `PocketSphinx library not found (${errors.join('; ')})`, INSTALL_FIX);
}

function loadApi(): Api {
  if (api) return api;
  const env = process.env.MAMBA_POCKETSPHINX_LIB;
  const ps = openLibrary(env ? [env] : ['libpocketsphinx.so.3', 'libpocketsphinx.so.5', 'libpocketsphinx.so', 'libpocketsphinx.dylib', 'pocketsphinx.dll']);
  const has = (sym: string) => {
    try {
      ps.func(`void *${sym}()`);
      return true;
    } catch {
      return false;
    }
  };
  const v5 = has('ps_config_init');
  // 5prealpha keeps config parsing and logging in sphinxbase; 5.x folded it into libpocketsphinx.
  const base = v5 ? ps : openLibrary([process.env.MAMBA_SPHINXBASE_LIB ?? 'libsphinxbase.so.3', 'libsphinxbase.so', 'libsphinxbase.dylib']);
  const fn = <T extends (...args: never[]) => unknown>(lib: LibraryHandle, decl: string) => lib.func(decl) as unknown as NativeFn<T>;
  const errSetLogfp = fn<(fp: null) => void>(base, 'void err_set_logfp(void *fp)');
  errSetLogfp(null); // PocketSphinx logs every step to stderr by default
  const psInit = fn<(cfg: Ptr) => Ptr | null>(ps, 'void *ps_init(void *config)');
  // ps_init reads the acoustic model, dictionary and LM (~0.5 s): on a worker thread.
  const initFrom = (cfg: Ptr | null) => (cfg ? offThread(psInit, cfg) : Promise.resolve(null));
  const segIter = fn<(ps: Ptr) => Ptr | null>(ps, 'void *ps_seg_iter(void *ps)');
  const segNext = fn<(seg: Ptr) => Ptr | null>(ps, 'void *ps_seg_next(void *seg)');
  const segFrames = fn<(seg: Ptr, sf: number[], ef: number[]) => void>(ps, 'void ps_seg_frames(void *seg, _Out_ int *sf, _Out_ int *ef)');
  const segWord = fn<(seg: Ptr) => string | null>(ps, 'const char *ps_seg_word(void *seg)');
  const segProb = fn<(seg: Ptr, ascr: number[], lscr: number[], lback: number[]) => number>(
    ps,
    'int32_t ps_seg_prob(void *seg, _Out_ int32_t *ascr, _Out_ int32_t *lscr, _Out_ int32_t *lback)',
  );
  const getHyp = fn<(ps: Ptr, score: number[]) => string | null>(ps, 'const char *ps_get_hyp(void *ps, _Out_ int32_t *score)');
  let init: Api['init'];
  let setJsgf: Api['setJsgf'];
  let setKeyphrase: Api['setKeyphrase'];
  let setSearch: Api['setSearch'];
  let currentSearch: Api['currentSearch'];
  let lookupWord: Api['lookupWord'];
  if (v5) {
    const configInit = fn<(defn: null) => Ptr>(ps, 'void *ps_config_init(void *defn)');
    const setStr = fn<(c: Ptr, k: string, v: string) => string | null>(ps, 'const char *ps_config_set_str(void *c, const char *k, const char *v)');
    init = (argv) => {
      const cfg = configInit(null);
      for (let i = 0; i + 1 < argv.length; i += 2) setStr(cfg, argv[i].replace(/^-/, ''), argv[i + 1]);
      setStr(cfg, 'loglevel', 'FATAL');
      return initFrom(cfg);
    };
    setJsgf = fn(ps, 'int ps_add_jsgf_string(void *ps, const char *name, const char *s)');
    setKeyphrase = fn(ps, 'int ps_add_keyphrase(void *ps, const char *name, const char *s)');
    setSearch = fn(ps, 'int ps_activate_search(void *ps, const char *name)');
    currentSearch = fn(ps, 'const char *ps_current_search(void *ps)');
    const lookup = fn<(ps: Ptr, w: string) => string | null>(ps, 'const char *ps_lookup_word(void *ps, const char *w)');
    lookupWord = (d, w) => lookup(d, w) !== null;
  } else {
    const args = fn<() => Ptr>(ps, 'void *ps_args()');
    const parse = fn<(inout: null, defn: Ptr, argc: number, argv: string[], strict: number) => Ptr | null>(
      base,
      'void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)',
    );
    init = (argv) => initFrom(parse(null, args(), argv.length, argv, 1));
    setJsgf = fn(ps, 'int ps_set_jsgf_string(void *ps, const char *name, const char *s)');
    setKeyphrase = fn(ps, 'int ps_set_keyphrase(void *ps, const char *name, const char *s)');
    setSearch = fn(ps, 'int ps_set_search(void *ps, const char *name)');
    currentSearch = fn(ps, 'const char *ps_get_search(void *ps)');
    // 5prealpha returns a malloc'd pronunciation: free it.
    const lookup = fn<(ps: Ptr, w: string) => Ptr | null>(ps, 'void *ps_lookup_word(void *ps, const char *w)');
    const cfree = fn<(p: Ptr) => void>(openLibrary(['libc.so.6', 'libc.dylib', 'msvcrt.dll']), 'void free(void *p)');
    lookupWord = (d, w) => {
      const p = lookup(d, w);
      if (p === null || p === 0n) return false;
      cfree(p);
      return true;
    };
  }
  const resetCmn = cmnResetter(ps, base, v5);
  const ownNoise = noiseFromAudio(ps, base);
  api = {
    v5,
    resetCmn,
    ownNoise,
    init,
    setJsgf,
    setKeyphrase,
    addWord: fn(ps, 'int ps_add_word(void *ps, const char *word, const char *phones, int update)'),
    setSearch,
    currentSearch,
    startUtt: fn(ps, 'int ps_start_utt(void *ps)'),
    endUtt: fn(ps, 'int ps_end_utt(void *ps)'),
    processRaw: fn(ps, 'int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)'),
    getHyp: (d) => getHyp(d, [0]),
    lastWordFrames: (d) => {
      let frames: [number, number] | null = null;
      for (let seg = segIter(d); seg; seg = segNext(seg)) {
        const sf = [0];
        const ef = [0];
        segFrames(seg, sf, ef);
        frames = [sf[0], ef[0]];
      } // iterating to the end frees the iterator
      return frames;
    },
    segments: (d) => {
      const out: { word: string; sf: number; ef: number; ascr: number; post: number }[] = [];
      for (let seg = segIter(d); seg; seg = segNext(seg)) {
        const sf = [0];
        const ef = [0];
        const ascr = [0];
        segFrames(seg, sf, ef);
        const post = segProb(seg, ascr, [0], [0]);
        out.push({ word: segWord(seg) ?? '', sf: sf[0], ef: ef[0], ascr: ascr[0], post });
      }
      return out;
    },
    lookupWord,
    frames: fn(ps, 'int ps_get_n_frames(void *ps)'),
    free: fn(ps, 'int ps_free(void *ps)'),
  };
  return api;
}

/**
 * 5prealpha keeps the live CMN in the feature extractor (feat_t, its `cmn_struct` at offset 88 on
 * 64-bit builds; sphinxbase's cmn_live_get/set read and write it). The first vector read per decoder
 * is checked to look like a cepstral mean (13 finite values, c0 a log energy) before any write.
 */
function cmnResetter(ps: LibraryHandle, base: LibraryHandle, v5: boolean): (d: Ptr) => boolean {
  if (v5 || process.arch !== 'x64' && process.arch !== 'arm64') return () => false;
  let getFeat: (d: Ptr) => Ptr | null;
  let get: (cmn: Ptr, vec: Float32Array) => number;
  let set: (cmn: Ptr, vec: Float32Array) => void;
  try {
    getFeat = ps.func('void *ps_get_feat(void *ps)') as (d: Ptr) => Ptr | null;
    get = base.func('int32_t cmn_live_get(void *cmn, _Out_ float *vec)') as typeof get;
    set = base.func('void cmn_live_set(void *cmn, const float *vec)') as typeof set;
  } catch {
    return () => false;
  }
  const initial = new Map<Ptr, Float32Array | null>();
  return (d) => {
    const feat = getFeat(d);
    const cmn = feat ? (koffi.decode(feat, 88, 'void *') as Ptr | null) : null;
    if (!cmn) return false;
    let v = initial.get(d);
    if (v === undefined) {
      const vec = new Float32Array(64);
      const n = get(cmn, vec);
      v = n === 13 && vec.subarray(0, 13).every(Number.isFinite) && vec[0] > 0 && vec[0] < 100 ? vec.slice(0, 13) : null;
      initial.set(d, v);
    }
    if (!v) return false;
    set(cmn, v);
    return true;
  };
}

/** Api.ownNoise: ps_start_stream, then the front end alone (fe_process_utt, off the calling thread) over the audio. */
function noiseFromAudio(ps: LibraryHandle, base: LibraryHandle): Api['ownNoise'] {
  type Fe = (fe: Ptr, pcm: Int16Array, n: number, cep: (Ptr | null)[], nfr: number[]) => number;
  let startStream: (d: Ptr) => number;
  let getFe: (d: Ptr) => Ptr | null;
  let feUtt: NativeFn<Fe>;
  let free2d: (p: Ptr) => void;
  try {
    startStream = ps.func('int ps_start_stream(void *ps)') as typeof startStream;
    getFe = ps.func('void *ps_get_fe(void *ps)') as typeof getFe;
    feUtt = base.func('int fe_process_utt(void *fe, const int16_t *spch, size_t n, _Out_ void **cep, _Out_ int32_t *nfr)') as NativeFn<Fe>;
    free2d = base.func('void ckd_free_2d(void *p)') as typeof free2d;
  } catch {
    return () => Promise.resolve(false);
  }
  return async (d, pcm) => {
    const fe = getFe(d);
    if (!fe) return false;
    startStream(d);
    const cep: (Ptr | null)[] = [null];
    const rv = await offThread(feUtt, fe, pcm, pcm.length, cep, [0]);
    if (cep[0]) free2d(cep[0]); // the cepstra themselves are not used
    return rv >= 0;
  };
}

export function findPocketSphinxModel(dir?: string): string | null {
  const candidates = dir ? [dir] : [process.env.MAMBA_POCKETSPHINX_MODEL, ...POCKETSPHINX_MODEL_DIRS].filter((d): d is string => !!d);
  return candidates.find((d) => fs.existsSync(path.join(d, 'en-us', 'mdef')) || fs.existsSync(path.join(d, 'mdef'))) ?? null;
}

export async function createPocketSphinx(o: PocketSphinxOptions = {}): Promise<SpeechEngine> {
  const a = loadApi();
  const modelDir = findPocketSphinxModel(o.modelDir);
  if (!modelDir) {
    throw new MambaError(
      'MODEL_MISSING',
      `PocketSphinx English model not found${o.modelDir ? ` in ${o.modelDir}` : ''}`,
      'install it: `sudo apt install pocketsphinx-en-us` (or set MAMBA_POCKETSPHINX_MODEL)',
    );
  }
  const hmm = fs.existsSync(path.join(modelDir, 'en-us', 'mdef')) ? path.join(modelDir, 'en-us') : modelDir;
  // Not the phone-loop LM (en-us-phone.lm.bin) that sits beside the word LM.
  const pick = (re: RegExp) => fs.readdirSync(modelDir).find((f) => re.test(f) && !/phone/.test(f));
  const lm = pick(/\.lm\.bin$/) ?? pick(/\.lm$/);
  const dict = pick(/\.dict$/) ?? pick(/\.dic$/);
  if (!lm || !dict) {
    throw new MambaError('MODEL_CORRUPT', `PocketSphinx model in ${modelDir} lacks a language model or dictionary`, 'reinstall pocketsphinx-en-us');
  }
  o.onProgress?.({ step: 'loading PocketSphinx model', fraction: 0, detail: modelDir });
  const options = new Map<string, string>([
    ['-hmm', hmm],
    ['-lm', path.join(modelDir, lm)],
    ['-dict', path.join(modelDir, dict)],
    ['-kws_threshold', String(o.kwsThreshold ?? (Number(process.env.MAMBA_KWS_THRESHOLD) || 1e-10))],
    // Faster LM decoding (RTF ~3x better) for a small accuracy cost on free text.
    ['-fwdflat', 'no'],
    ['-bestpath', 'no'],
  ]);
  // Later options replace earlier ones (the option parser rejects one given twice).
  const argvWith = (...extra: string[][]) => {
    const m = new Map(options);
    for (const args of extra) for (let i = 0; i + 1 < args.length; i += 2) m.set(args[i], args[i + 1]);
    // An empty value leaves the option out.
    return [...m].filter(([, v]) => v !== '').flat();
  };
  const corrupt = () => new MambaError('MODEL_CORRUPT', `PocketSphinx could not load the model in ${modelDir}`, 'reinstall pocketsphinx-en-us');
  // One after the other: ps_init points the library's (global) log at -logfn, which the second leaves alone.
  const fgInit = await a.init(argvWith(o.decoderArgs ?? [], NO_LOG));
  if (!fgInit) throw corrupt();
  const fg: Ptr = fgInit;
  o.onProgress?.({ step: 'loading PocketSphinx model', fraction: 0.5, detail: modelDir });
  const bgInit = await a.init(argvWith(WHOLE_BUFFER_ARGS, o.decoderArgs ?? []));
  if (!bgInit) {
    a.free(fg);
    throw corrupt();
  }
  const bgDecoder: Ptr = bgInit;
  // The command decoders (one per frequency warp, COMMAND_WARPS) are made on first use (the CLI's plain
  // transcripts and Vosk users never need them). They load the language model too: without it (grammars
  // only) 2 of the 10 dB tuning commands came out differently (worse), cause not found.
  const cmdDecoders = new Map<string, Promise<Ptr>>();
  const warps = o.commandWarps?.length ? o.commandWarps : [1];
  const log = o.log ?? ((l: string) => process.stderr.write(`mamba: ${l}\n`));
  let noiseMllr = o.noiseTransform === undefined ? defaultNoiseTransform() : o.noiseTransform;
  const noiseUnusable = (why: string) => {
    log(`speech: noise transform ${noiseMllr} not used (${why}); commands under noise are heard with the plain model`);
    noiseMllr = null;
  };
  const problem = noiseMllr ? mllrTransformProblem(noiseMllr) : null;
  if (problem) noiseUnusable(problem);
  const commandDecoder = (warp: number, noisy = false): Promise<Ptr> => {
    const mllr = noisy ? noiseMllr : null;
    const key = `${warp}${mllr ? ':noise' : ''}`;
    let p = cmdDecoders.get(key);
    if (!p) {
      const warpArgs = warp === 1 ? [] : ['-warp_type', 'inverse_linear', '-warp_params', String(warp)];
      p = a.init(argvWith(COMMAND_ARGS, warpArgs, mllr ? ['-mllr', mllr] : [], o.decoderArgs ?? [], NO_LOG)).then((d) => {
        if (!d && mllr) {
          // PocketSphinx refused the transform (the check above passed): the plain model instead.
          cmdDecoders.delete(key);
          noiseUnusable('PocketSphinx could not load it');
          return commandDecoder(warp);
        }
        if (!d) throw corrupt();
        // Before any grammar is compiled: the FSG search takes every pronunciation in the dictionary.
        for (const [w, phones] of COMMAND_PRONUNCIATIONS) if (a.lookupWord(d, w.replace(/\(\d+\)$/, ''))) a.addWord(d, w, phones, 0);
        defined.set(d, new Set([a.currentSearch(d) ?? lmSearch]));
        return d;
      });
      cmdDecoders.set(key, p);
    }
    return p;
  };
  o.onProgress?.({ step: 'loading PocketSphinx model', fraction: 1, detail: modelDir });
  const lmSearch = a.currentSearch(fg) ?? '_default';
  /** Searches defined on each decoder. */
  const defined = new Map<Ptr, Set<string>>([
    [fg, new Set([lmSearch])],
    [bgDecoder, new Set([a.currentSearch(bgDecoder) ?? lmSearch])],
  ]);
  const known = new Map<string, boolean>();
  let decoder: Ptr | null = fg;
  let closed = false;
  /** The stream whose utterance is open on the streaming decoder (one at a time). */
  let owner: PsStream | null = null;
  /** Whole-buffer decodes (the whole-buffer decoder, the phrase decoder and the command decoders), one at a time. */
  const bgQueue = new SerialQueue();
  /** The phrase decoder (`readPhrase`), made on first use: only commands with free text need it. */
  let phraseDecoder: Promise<Ptr> | null = null;
  const phraseDecoderReady = (): Promise<Ptr> =>
    (phraseDecoder ??= a.init(argvWith(WHOLE_BUFFER_ARGS, PHRASE_ARGS, o.decoderArgs ?? [], NO_LOG)).then((d) => {
      if (!d) throw corrupt();
      defined.set(d, new Set([a.currentSearch(d) ?? lmSearch]));
      return d;
    }));

  const closedError = () => new MambaError('INTERNAL', 'speech engine is closed', 'create a new speech engine');
  const live = (): Ptr => {
    if (!decoder) throw closedError();
    return decoder;
  };
  const knowsWord = (w: string): boolean => {
    let k = known.get(w);
    if (k === undefined) known.set(w, (k = a.lookupWord(live(), w)));
    return k;
  };

  type Search = { name: string; define?: (d: Ptr) => [NativeFn<(ps: Ptr, name: string, s: string) => number>, Ptr, string, string] };
  /** The search for a mode: its name, and how to define it on a decoder that lacks it. */
  function searchFor(mode: StreamMode, prefixRequired = false, lang: 'en' | 'es' = 'en'): Search {
    if (mode.kind === 'free') return { name: lmSearch };
    const key = mode.kind === 'grammar' ? `${lang}:${prefixRequired}:${mode.prefix?.join('|')}:${mode.phrases.join('|')}` : mode.phrase;
    const name = mode.kind[0] + createHash('sha1').update(key).digest('hex').slice(0, 12);
    if (mode.kind === 'grammar') {
      // Spanish: every word spelt in Spanish is spoken (spanishWords adds them to the command decoder).
      const knows = lang === 'es' ? (w: string) => spanishPronunciations(w).length > 0 : knowsWord;
      const { phrases } = usablePhrases(mode.phrases, knows);
      if (!phrases.length) throw new MambaError('BAD_INPUT', 'none of the grammar phrases has words PocketSphinx knows', 'use English command words');
      const prefix = mode.prefix?.filter((p) => p.split(' ').every(knows));
      const jsgf = toJsgf(phrases, { prefix, prefixRequired: prefixRequired && !!prefix?.length, knowsWord: knows });
      return { name, define: (d) => [a.setJsgf, d, name, jsgf] };
    }
    if (!mode.phrase.split(' ').every(knowsWord)) throw new MambaError('BAD_INPUT', `PocketSphinx does not know the word(s) in "${mode.phrase}"`, 'choose a dictionary word');
    return { name, define: (d) => [a.setKeyphrase, d, name, mode.phrase] };
  }
  /** Spanish words given their Spanish readings on a command decoder (as extra pronunciations where English has the word). */
  const spanishAdded = new Map<Ptr, Set<string>>();
  function spanishWords(d: Ptr, words: string[]): void {
    let done = spanishAdded.get(d);
    if (!done) spanishAdded.set(d, (done = new Set()));
    for (const w of words) {
      if (done.has(w)) continue;
      done.add(w);
      let k = a.lookupWord(d, w) ? 2 : 1;
      for (const phones of spanishPronunciations(w)) {
        while (k > 1 && a.lookupWord(d, `${w}(${k})`)) k++;
        a.addWord(d, k === 1 ? w : `${w}(${k})`, phones, 0);
        k++;
      }
    }
  }
  const rejected = (mode: StreamMode) => new MambaError('INTERNAL', `PocketSphinx rejected the ${mode.kind} search`);

  /** The search on the streaming decoder (defined here: a grammar compiles in a few ms). */
  function streamSearch(mode: StreamMode): string {
    const s = searchFor(mode);
    const have = defined.get(live()) as Set<string>;
    if (s.define && !have.has(s.name)) {
      const [f, ...args] = s.define(live());
      if (f(...args) < 0) throw rejected(mode);
      have.add(s.name);
    }
    return s.name;
  }

  /**
   * One utterance through the whole-buffer decoder (or the phrase decoder) on koffi's worker threads: the
   * calling thread only waits. With its words' times (samples from the start of `speech`), and from the
   * phrase decoder, which runs the lattice pass, their posteriors.
   */
  function decodeOffThread(mode: StreamMode, speech: Int16Array, phrase = false): Promise<{ text: string; words: TimedWord[] }> {
    const s = searchFor(mode);
    return bgQueue.run(async () => {
      if (closed) throw closedError();
      const d = phrase ? await phraseDecoderReady() : bgDecoder;
      const have = defined.get(d) as Set<string>;
      if (s.define && !have.has(s.name)) {
        const [f, ...args] = s.define(d);
        if ((await offThread(f, ...args)) < 0) throw rejected(mode);
        have.add(s.name);
      }
      if ((await offThread(a.setSearch, d, s.name)) < 0) throw new MambaError('INTERNAL', `PocketSphinx search ${s.name} missing`);
      // This utterance alone: its own noise estimate, and the cepstral mean where a fresh decoder's is
      // (a grammar decode here switches the decoder to the running estimate).
      await a.ownNoise(d, speech);
      a.resetCmn(d);
      if ((await offThread(a.startUtt, d)) < 0) throw new MambaError('INTERNAL', 'PocketSphinx could not start an utterance');
      try {
        // Free text: one call with full_utt, i.e. cepstral mean normalisation over the whole utterance
        // (WER 11.0 % vs 13.7 % synthetic, 21.1 % vs 23.9 % human with the running estimate). Grammar:
        // the running estimate, as in streaming (the whole-utterance one lost 5 of 28 espeak-ng commands).
        const fullUtt = mode.kind === 'free' ? 1 : 0;
        if ((await offThread(a.processRaw, d, speech, speech.length, 0, fullUtt)) < 0) throw new MambaError('INTERNAL', 'PocketSphinx failed to process audio');
      } finally {
        await offThread(a.endUtt, d);
      }
      return { text: (a.getHyp(d) ?? '').trim(), words: timedWords(fromUtteranceStart(a.segments(d), speech.length), phrase) };
    });
  }

  /** The out-of-grammar model: a phone loop, on the whole-buffer decoder. */
  const PHONE_LOOP = 'phoneloop';

  /**
   * The grammar's reading of one utterance and the phone loop's, both on a command decoder off the calling thread,
   * with the cepstral mean of this utterance alone (full_utt): the result depends on the audio only.
   */
  function scoreGrammar(pcm: Int16Array, g: CommandGrammar): Promise<ScoredReading> {
    const speech = dithered(pcm);
    const mode: StreamMode = { kind: 'grammar', phrases: g.phrases, prefix: g.prefix };
    const lang = g.lang ?? 'en';
    const s = searchFor(mode, g.prefixRequired, lang);
    const words = lang === 'es' ? [...new Set([...g.phrases, ...(g.prefix ?? [])].flatMap((p) => normalizePhrase(p).split(' ')).filter((w) => w !== FREE))] : [];
    return bgQueue.run(async () => {
      if (closed) throw closedError();
      /** Defines the grammar and the phone loop on a command decoder where they are missing. */
      const prepare = async (cd: Ptr) => {
        const have = defined.get(cd) as Set<string>;
        if (s.define && !have.has(s.name)) {
          spanishWords(cd, words);
          const [f, ...args] = s.define(cd);
          if ((await offThread(f, ...args)) < 0) throw rejected(mode);
          have.add(s.name);
        }
        if (!have.has(PHONE_LOOP)) {
          // One dictionary word per phone, and a grammar of any sequence of them: the FSG search runs it
          // at grammar speed (PocketSphinx's allphone search with the phone LM took ~5x real time here).
          for (const ph of LOOP_PHONES) a.addWord(cd, `${LOOP_WORD}${ph.toLowerCase()}`, ph, 0);
          const jsgf = `#JSGF V1.0;\ngrammar loop;\npublic <loop> = ( ${LOOP_PHONES.map((ph) => `${LOOP_WORD}${ph.toLowerCase()}`).join(' | ')} )+;\n`;
          if ((await offThread(a.setJsgf, cd, PHONE_LOOP, jsgf)) < 0) throw new MambaError('INTERNAL', 'PocketSphinx rejected the phone-loop search');
          have.add(PHONE_LOOP);
        }
      };
      const decode = async (cd: Ptr, search: string) => {
        if ((await offThread(a.setSearch, cd, search)) < 0) throw new MambaError('INTERNAL', `PocketSphinx search ${search} missing`);
        // The model's initial cepstral mean for every utterance (as a fresh decoder would use): grammar
        // decodes with it got 32 of 36 espeak-ng/festival/flite commands right, with the utterance's own
        // mean (full_utt) 29; and the result does not depend on earlier audio.
        const fresh = a.resetCmn(cd);
        // And the noise estimate: it ran on from the previous utterance (even from the grammar pass into
        // the phone-loop pass of the same audio) and moved margins and readings.
        await a.ownNoise(cd, speech);
        if ((await offThread(a.startUtt, cd)) < 0) throw new MambaError('INTERNAL', 'PocketSphinx could not start an utterance');
        try {
          if ((await offThread(a.processRaw, cd, speech, speech.length, 0, fresh ? 0 : 1)) < 0) throw new MambaError('INTERNAL', 'PocketSphinx failed to process audio');
        } finally {
          await offThread(a.endUtt, cd);
        }
        return { text: (a.getHyp(cd) ?? '').replace(/\(\d+\)/g, '').trim(), segs: fromUtteranceStart(a.segments(cd), speech.length) };
      };
      let best: ScoredReading | null = null;
      const noisy = !!noiseMllr && estimateSnrDb(pcm, 16000) < NOISY_SNR_DB;
      // Several warps (vocal-tract lengths): the reading whose whole-utterance margin is best.
      for (const warp of warps) {
        const cd = await commandDecoder(warp, noisy);
        await prepare(cd);
        const gr = await decode(cd, s.name);
        const loop = await decode(cd, PHONE_LOOP);
        const reading = scoreAgainstLoop(gr.text, gr.segs, loop.segs);
        if (!best || reading.margin < best.margin) best = reading;
      }
      return best as ScoredReading;
    });
  }

  class PsStream implements SpeechStream {
    samples = 0;
    private open = false;
    private hit: { start: number; end: number } | null = null;
    private timed: { word: string; start: number; end: number }[] = [];
    constructor(
      private readonly search: string,
      private readonly keyphrase: string | null,
    ) {}
    private ensureOpen(d: Ptr) {
      if (this.open && owner === this) return;
      if (owner && owner !== this) owner.abort();
      if (a.setSearch(d, this.search) < 0) throw new MambaError('INTERNAL', `PocketSphinx search ${this.search} missing`);
      if (a.startUtt(d) < 0) throw new MambaError('INTERNAL', 'PocketSphinx could not start an utterance');
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the decoder's current owner, not a self alias
      owner = this;
      this.open = true;
      this.samples = 0;
      this.hit = null;
    }
    /** Another stream took the decoder: this utterance is dropped. */
    abort() {
      if (this.open && decoder) a.endUtt(decoder);
      this.open = false;
      if (owner === this) owner = null;
    }
    accept(pcm: Int16Array) {
      if (!pcm.length) return;
      const d = live();
      this.ensureOpen(d);
      if (a.processRaw(d, pcm, pcm.length, 0, 0) < 0) throw new MambaError('INTERNAL', 'PocketSphinx failed to process audio');
      this.samples += pcm.length;
      if (this.keyphrase && this.hit === null && a.getHyp(d)) {
        // Keyword-spotting frame numbers run on across utterances, so only the keyphrase's length is
        // used; it was heard at most a few frames before the frames searched so far (nf). The start is
        // placed early (the command grammar accepts the wake word), the end late (nothing of it counts
        // as a command).
        const f = a.lastWordFrames(d);
        const nf = Math.min(a.frames(d), Math.ceil(this.samples / FRAME_SAMPLES));
        const len = f ? f[1] - f[0] + 1 : 50;
        this.hit = { start: Math.max(0, (nf - len - 25) * FRAME_SAMPLES), end: Math.min(this.samples, nf * FRAME_SAMPLES) };
      }
    }
    words() {
      return this.timed;
    }
    partial() {
      return this.open && owner === this && decoder ? (a.getHyp(decoder) ?? '') : '';
    }
    spotted() {
      return this.hit;
    }
    finish(): Transcript {
      const t0 = performance.now();
      let text = '';
      if (this.open && owner === this && decoder) {
        a.endUtt(decoder);
        text = (a.getHyp(decoder) ?? '').trim();
        this.timed = this.keyphrase ? [] : timedWords(fromUtteranceStart(a.segments(decoder), this.samples));
        owner = null;
      } else {
        this.timed = [];
      }
      this.open = false;
      this.samples = 0;
      this.hit = null;
      // Keyword spotting repeats the phrase for each detection: one is what was said.
      if (this.keyphrase && text) text = this.keyphrase;
      return { text, engine: 'pocketsphinx', final: true, ms: Math.round(performance.now() - t0) };
    }
    close() {
      this.abort();
    }
  }

  const openStream = (mode: StreamMode): SpeechStream => new PsStream(streamSearch(mode), mode.kind === 'keyphrase' ? mode.phrase : null);

  return {
    name: 'pocketsphinx',
    lang: 'en',
    knowsWord,
    openStream,
    scoreGrammar,
    transcribe(pcm, sampleRate, t = {}) {
      const mode: StreamMode = t.grammar ? { kind: 'grammar', phrases: t.grammar } : { kind: 'free' };
      return transcribeBuffer('pocketsphinx', (speech) => decodeOffThread(mode, speech), pcm, sampleRate);
    },
    readPhrase(speech) {
      return decodeOffThread({ kind: 'free' }, speech, true);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (owner) owner.abort();
      if (decoder) a.free(decoder);
      decoder = null;
      // The decoder is freed once no thread uses it (after a whole-buffer decode in flight).
      await bgQueue.drained();
      a.free(bgDecoder);
      const pd = await phraseDecoder?.catch(() => null);
      if (pd) a.free(pd);
      for (const p of cmdDecoders.values()) {
        const cd = await p.catch(() => null);
        if (cd) a.free(cd);
      }
    },
  };
}

/** The en-us model's phones (CMUdict set, stress removed). */
const LOOP_PHONES = 'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(' ');
/** Dictionary words of the phone loop are named `${LOOP_WORD}<phone>` (not English words). */
const LOOP_WORD = 'xphonex';

/** Acoustic scores are log base 1.0001 (its default -logbase), shifted right by 10 bits (SENSCR_SHIFT): to nats. */
const NATS_PER_UNIT = Math.log(1.0001) * 1024;
type Seg = { word: string; sf: number; ef: number; ascr: number };
/** Silences, fillers (+NOISE+, [BREATH]) and null transitions: not words. */
const isFiller = (w: string) => /^(?:<.*>|\[.*\]|\(NULL\)|\+.*\+)$/.test(w);

/**
 * An utterance's segments with frame numbers from its start (`samples` long): they count on from
 * earlier utterances on a decoder, and the last segment (silence included) ends at its last frame.
 */
function fromUtteranceStart<S extends { sf: number; ef: number }>(segs: S[], samples: number): S[] {
  const base = Math.max(0, Math.max(-1, ...segs.map((x) => x.ef)) + 1 - Math.ceil(samples / FRAME_SAMPLES));
  return segs.map((x) => ({ ...x, sf: x.sf - base, ef: x.ef - base }));
}

/** The words of an utterance's segments with their places in samples; `posteriors` where the decoder ran its lattice pass. */
function timedWords(segs: (Seg & { post: number })[], posteriors = false): TimedWord[] {
  return segs
    .filter((x) => !isFiller(x.word))
    .map((x) => ({
      word: x.word.replace(/\(\d+\)$/, ''),
      start: x.sf * FRAME_SAMPLES,
      end: (x.ef + 1) * FRAME_SAMPLES,
      ...(posteriors ? { posterior: Math.min(1, 1.0001 ** x.post) } : {}),
    }));
}

/**
 * The grammar's words with margins against the phone loop: the loop's acoustic score over the same
 * frames (its segments split by overlap) minus the grammar's, per frame, in nats. Whole utterance too.
 */
export function scoreAgainstLoop(text: string, grammar: Seg[], loop: Seg[]): ScoredReading {
  const loopScore = (sf: number, ef: number) => {
    let sum = 0;
    for (const p of loop) {
      const lo = Math.max(sf, p.sf);
      const hi = Math.min(ef, p.ef);
      if (hi >= lo) sum += (p.ascr * (hi - lo + 1)) / (p.ef - p.sf + 1);
    }
    return sum;
  };
  const perFrame = (sf: number, ef: number, ascr: number) => ((loopScore(sf, ef) - ascr) * NATS_PER_UNIT) / Math.max(1, ef - sf + 1);
  const frames = Math.max(0, ...grammar.map((x) => x.ef + 1), ...loop.map((x) => x.ef + 1));
  const total = grammar.reduce((n, x) => n + x.ascr, 0);
  const first = Math.min(...grammar.map((x) => x.sf));
  const last = Math.max(...grammar.map((x) => x.ef));
  return {
    text,
    words: grammar
      .filter((x) => !isFiller(x.word))
      .map((x) => ({ word: x.word.replace(/\(\d+\)$/, ''), start: x.sf * FRAME_SAMPLES, end: (x.ef + 1) * FRAME_SAMPLES, margin: perFrame(x.sf, x.ef, x.ascr) })),
    margin: grammar.length ? perFrame(first, last, total) : Infinity,
    frames,
  };
}
