/**
 * Estimates an MLLR transform of PocketSphinx's en-us acoustic model (PTM) for noisy speech from many
 * voices (docs/voice.md, "MLLR"). A dev tool: needs Debian's sphinxtrain and sphinxbase-utils
 * (`apt-get install sphinxtrain sphinxbase-utils`); nothing at run time or in the tests needs them.
 *
 * 1. corpus: scripts/train/adaptSentences.txt (own sentences, not the bench's phrasings) spoken by the
 *    TUNING voices only (plus two tuning-only female espeak-ng variants), each mixed with noise made here
 *    (seeded pink/white/brown, not the bench's sox noise) at the SNRs of `--snrs`;
 * 2. sphinx_fe with the model's own feat.params (the features PocketSphinx computes);
 * 3. the model's sendump (PTM mixture weights, 8-bit quantised) written as a sphinxtrain mixture_weights
 *    file, since bw needs one;
 * 4. bw (forced alignment over the transcripts, accumulating counts) -> mllr_solve (one global transform).
 *
 * Run: npx tsx scripts/train/adaptSpeechModel.ts [--help] [--out models/speech/en-us-noise.mllr] [--work .cache/mllr]
 *   [--snrs 15,10,5] [--per 4] (noisy copies per spoken sentence) [--cmn batch|live] (bw's
 *   cepstral mean normalisation; default the model's feat.params)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeWav } from '../../src/main/platform/wav';
import { createDenoiser, type Denoiser } from '../../src/main/engines/speech/denoise';
import { dithered, POCKETSPHINX_MODEL_DIRS } from '../../src/main/engines/speech/pocketsphinx';
import { defineCommand } from '../../src/apps/cli/command';
import { seededRng } from '../lib/seededRng';
import { runScript } from '../lib/runScript';
import { mixAtSnr, padded, speak, synthVoiceName, TUNING_VOICES, type SynthVoice } from '../../test/fixtures/speech/voices';

const ROOT = path.join(__dirname, '..', '..');
const SPHINXTRAIN = ['/usr/lib/sphinxtrain', '/usr/local/lib/sphinxtrain', '/usr/libexec/sphinxtrain'].find((d) => fs.existsSync(path.join(d, 'bw')));

/** The tuning voices and the two tuning-only female espeak-ng variants (every flite/festival female voice is held out). */
export const ADAPTATION_VOICES: SynthVoice[] = [
  ...TUNING_VOICES,
  { engine: 'espeak-ng', voice: 'en-us+f3', wpm: 160 },
  { engine: 'espeak-ng', voice: 'en+f4', wpm: 150, pitch: 65 },
];

type NoiseKind = 'pink' | 'white' | 'brown';
/** Unit-variance-ish noise from a seeded generator (pink: Paul Kellet's filter; brown: leaky integral). */
export function makeNoise(n: number, kind: NoiseKind, seed: number): Float32Array {
  const rnd = seededRng(seed);
  const out = new Float32Array(n);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, br = 0; // prettier-ignore
  for (let i = 0; i < n; i++) {
    const w = rnd() * 2 - 1;
    if (kind === 'white') out[i] = w;
    else if (kind === 'brown') out[i] = br = 0.995 * br + 0.1 * w;
    else {
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856;
      b4 = 0.55 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.016898;
      out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
    }
  }
  return out;
}

/**
 * PocketSphinx's sendump (PTM/semi-continuous mixture weights: per feature stream, per codeword, one
 * byte per senone, -log_1.0001(w) >> shift) as a sphinxtrain mixture_weights file [senone][stream][codeword].
 */
export function sendumpToMixw(sendump: Buffer, nStreams: number): Buffer {
  let off = 0;
  const int = () => {
    const v = sendump.readInt32LE(off);
    off += 4;
    return v;
  };
  const headers: string[] = [];
  for (;;) {
    const len = int();
    if (len === 0) break;
    headers.push(sendump.toString('latin1', off, off + len - 1));
    off += len;
  }
  const field = (k: string) => headers.find((h) => h.startsWith(`${k} `))?.split(/\s+/)[1];
  if (field('cluster_count') && Number(field('cluster_count')) !== 0) throw new Error('clustered sendump not supported');
  const shift = Number(field('mixw_shift') ?? 10);
  const nCode = int();
  const nSen = int();
  if (sendump.length - off !== nStreams * nCode * nSen) throw new Error(`sendump: ${sendump.length - off} bytes of weights, expected ${nStreams}x${nCode}x${nSen}`);
  const w = new Float32Array(nSen * nStreams * nCode);
  for (let f = 0; f < nStreams; f++)
    for (let c = 0; c < nCode; c++)
      for (let s = 0; s < nSen; s++) w[(s * nStreams + f) * nCode + c] = Math.pow(1.0001, -(sendump[off++] << shift));
  for (let k = 0; k < nSen * nStreams; k++) {
    let sum = 0;
    for (let c = 0; c < nCode; c++) sum += w[k * nCode + c];
    for (let c = 0; c < nCode; c++) w[k * nCode + c] /= sum;
  }
  const head = Buffer.from('s3\nversion 1.0\nendhdr\n', 'latin1');
  const body = Buffer.alloc(4 * 5 + w.length * 4);
  body.writeInt32LE(0x11223344, 0);
  [nSen, nStreams, nCode, w.length].forEach((v, i) => body.writeUInt32LE(v, 4 + 4 * i));
  Buffer.from(w.buffer).copy(body, 20);
  return Buffer.concat([head, body]);
}

function run(cmd: string, args: string[], log: string) {
  try {
    fs.writeFileSync(log, execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }));
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    fs.writeFileSync(log, `${err.stdout ?? ''}\n${err.stderr ?? ''}`);
    throw new Error(`${path.basename(cmd)} failed: see ${log}`, { cause: e });
  }
}

interface AdaptOptions {
  work: string;
  out: string;
  snrs: string[];
  per: number;
  /** bw's cepstral mean normalisation; undefined: the model's feat.params. */
  cmn?: string;
  /** Adapt to noisy speech as the decoders hear it: denoised by RNNoise (engines/speech/denoise.ts). */
  denoise?: boolean;
}

let rnnoise: Denoiser | undefined;
const denoiser = (): Denoiser => (rnnoise ??= createDenoiser());

async function adapt(o: AdaptOptions) {
  if (!SPHINXTRAIN) throw new Error('sphinxtrain not found: apt-get install sphinxtrain sphinxbase-utils');
  const modelDir = POCKETSPHINX_MODEL_DIRS.find((d) => fs.existsSync(path.join(d, 'en-us', 'mdef')));
  if (!modelDir) throw new Error('PocketSphinx en-us model not found: apt-get install pocketsphinx-en-us');
  const hmm = path.join(modelDir, 'en-us');
  const { work, out, snrs, per } = o;
  const sentences = fs
    .readFileSync(path.join(__dirname, 'adaptSentences.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  fs.mkdirSync(path.join(work, 'wav'), { recursive: true });
  const rnd = seededRng(20261129);
  const kinds: NoiseKind[] = ['pink', 'pink', 'white', 'brown'];
  const ids: string[] = [];
  const trans: string[] = [];
  let k = 0;
  for (const [vi, v] of ADAPTATION_VOICES.entries()) {
    console.log(`[adapt] speaking ${sentences.length} sentences: ${synthVoiceName(v)}`);
    for (const [si, s] of sentences.entries()) {
      const pcm = padded(speak(s, v), 300 + Math.round(rnd() * 400));
      for (let c = 0; c < per; c++) {
        // Conditions drawn in turn so every voice gets every SNR.
        const snr = snrs[(si * per + c + vi) % snrs.length];
        const kind = kinds[Math.floor(rnd() * kinds.length)];
        const mixed = snr === 'clean' ? pcm : mixAtSnr(pcm, makeNoise(pcm.length, kind, 1000 + k), Number(snr));
        const noisy = o.denoise && snr !== 'clean' ? await denoiser().denoise(mixed, 16000) : mixed;
        const id = `u${String(k++).padStart(5, '0')}_v${vi}_${snr}${snr === 'clean' ? '' : kind}`;
        fs.writeFileSync(path.join(work, 'wav', `${id}.wav`), writeWav(dithered(noisy), 16000));
        ids.push(`wav/${id}`);
        trans.push(`<s> ${s} </s> (${id})`);
      }
    }
  }
  fs.writeFileSync(path.join(work, 'adapt.fileids'), ids.join('\n') + '\n');
  fs.writeFileSync(path.join(work, 'adapt.transcription'), trans.join('\n') + '\n');
  console.log(`[adapt] ${ids.length} utterances; features (sphinx_fe)`);
  run('sphinx_fe', ['-argfile', path.join(hmm, 'feat.params'), '-samprate', '16000', '-c', path.join(work, 'adapt.fileids'), '-di', work, '-do', work, '-ei', 'wav', '-eo', 'mfc', '-mswav', 'yes'], path.join(work, 'sphinx_fe.log'));
  // bw wants the text mdef and mixture weights beside the model's other files.
  const am = path.join(work, 'am');
  fs.mkdirSync(am, { recursive: true });
  for (const f of ['means', 'variances', 'transition_matrices', 'noisedict', 'feat.params']) fs.copyFileSync(path.join(hmm, f), path.join(am, f));
  run('pocketsphinx_mdef_convert', ['-text', path.join(hmm, 'mdef'), path.join(am, 'mdef.txt')], path.join(work, 'mdef.log'));
  fs.writeFileSync(path.join(am, 'mixture_weights'), sendumpToMixw(fs.readFileSync(path.join(hmm, 'sendump')), 3));
  const params = Object.fromEntries(
    fs
      .readFileSync(path.join(hmm, 'feat.params'), 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((p) => p.length === 2),
  );
  const acc = path.join(work, 'accum');
  fs.rmSync(acc, { recursive: true, force: true });
  fs.mkdirSync(acc);
  console.log('[adapt] bw (accumulating counts)');
  run(
    path.join(SPHINXTRAIN, 'bw'),
    [
      '-hmmdir', am, '-moddeffn', path.join(am, 'mdef.txt'), '-ts2cbfn', '.ptm.', '-feat', params['-feat'], '-svspec', params['-svspec'],
      '-cmn', o.cmn ?? params['-cmn'], '-cmninit', params['-cmninit'], '-agc', params['-agc'], '-dictfn', path.join(modelDir, 'cmudict-en-us.dict'),
      '-fdictfn', path.join(am, 'noisedict'), '-ctlfn', path.join(work, 'adapt.fileids'), '-lsnfn', path.join(work, 'adapt.transcription'),
      '-cepdir', work, '-accumdir', acc,
    ], // prettier-ignore
    path.join(work, 'bw.log'),
  );
  console.log('[adapt] mllr_solve');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  run(path.join(SPHINXTRAIN, 'mllr_solve'), ['-meanfn', path.join(am, 'means'), '-varfn', path.join(am, 'variances'), '-outmllrfn', out, '-accumdir', acc], path.join(work, 'mllr_solve.log'));
  console.log(`[adapt] wrote ${out}`);
}

export const adaptSpeechModelCommand = defineCommand(
  {
    name: 'adaptSpeechModel',
    program: 'npx tsx scripts/train/adaptSpeechModel.ts',
    summary: "Estimates the MLLR noise transform of PocketSphinx's en-us model (needs sphinxtrain and sphinxbase-utils).",
    options: {
      out: { type: 'string', value: 'FILE', default: path.join(ROOT, 'models', 'speech', 'en-us-noise.mllr'), help: 'the transform written' },
      work: { type: 'string', value: 'DIR', default: path.join(ROOT, '.cache', 'mllr'), help: 'WAVs, features and counts' },
      snrs: { type: 'string', value: 'LIST', default: '15,10,5', help: "SNRs (dB, or 'clean') of the noisy copies, drawn in turn" },
      per: { type: 'string', value: 'N', int: { min: 1, max: 100 }, default: '4', help: 'noisy copies per spoken sentence' },
      cmn: { type: 'string', value: 'MODE', help: "bw's cepstral mean normalisation (default: the model's feat.params)" },
      denoise: { type: 'boolean', help: 'adapt to the noisy copies as the decoders hear them: denoised by RNNoise' },
    },
  },
  async ({ values }) => {
    await adapt({ work: path.resolve(values.work), out: path.resolve(values.out), snrs: values.snrs.split(','), per: Number(values.per), cmn: values.cmn, denoise: values.denoise });
    return 0;
  },
);

if (require.main === module) runScript(adaptSpeechModelCommand);
