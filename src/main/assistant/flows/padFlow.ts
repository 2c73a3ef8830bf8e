/**
 * The handwriting pad: recognise a drawing live (with word candidates, not logged), commit the
 * text the user accepts (one log entry each), and save a user's correction of one character as a
 * labelled sample (samples/<id>.json). The engine learns from the saved samples (prototypes on the
 * CNN's embedding, engines/handwriting/adapter.ts): all of them when it first recognises, each new
 * one as it is saved; the user can forget them all.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CommitRequest, CommitResult, CorrectRequest, CorrectResult, PadRecognition, RecognizeRequest } from '../../../shared/contract';
import { MambaError } from '../../../shared/errors';
import { isAccentPick } from '../../../shared/accents';
import type { Drawing, HandwritingModelId, Recognition, RecognizedWord, Stroke } from '../../../shared/types';
import { writeAtomic } from '../../platform/atomicWrite';
import type { CorrectedSample } from '../../engines/handwriting';
import type { HandwritingEngine } from '../../runtime/engineFactories';
import type { FlowContext } from './flowContext';
import { Journal } from '../../runtime/journal';
import { wordCandidates } from './wordCandidates';

export const SAMPLES_DIR = 'samples';

/** What a saved sample file holds (a Drawing plus its label: `mamba recognize` reads it too). */
export interface LabelledSample {
  label: string;
  predicted?: string;
  model: HandwritingModelId;
  box?: [number, number, number, number];
  strokes: Stroke[];
  at: string;
  source: 'correction';
}

function newId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

function countPoints(d: Drawing): number {
  return d.strokes.reduce((n, s) => n + s.length, 0);
}

/** Most saved corrections learnt at start (the newest); the adapter keeps no more. */
const MAX_LEARNT = 2000;

/** Engines (per engine manager) that have learnt the saved samples: each learns them once, at its first use. */
const learnt = new WeakMap<object, Set<HandwritingEngine>>();

function learntBy(ctx: FlowContext): Set<HandwritingEngine> {
  let set = learnt.get(ctx.engines);
  if (!set) learnt.set(ctx.engines, (set = new Set()));
  return set;
}

/** The saved corrections (newest MAX_LEARNT); unreadable or foreign files are skipped, never fatal. */
async function savedSamples(ctx: FlowContext): Promise<CorrectedSample[]> {
  const dir = path.join(ctx.userDataDir, SAMPLES_DIR);
  let names: string[];
  try {
    names = (await fs.promises.readdir(dir)).filter((n) => n.endsWith('.json')).sort().slice(-MAX_LEARNT);
  } catch {
    return [];
  }
  const out: CorrectedSample[] = [];
  for (const n of names) {
    try {
      const s = JSON.parse(await fs.promises.readFile(path.join(dir, n), 'utf8')) as Partial<LabelledSample>;
      if (typeof s.label === 'string' && Array.isArray(s.strokes) && s.strokes.length > 0) out.push({ label: s.label, strokes: s.strokes });
    } catch {
      // A torn or foreign file teaches nothing; the others still count.
    }
  }
  return out;
}

/** Feeds the saved corrections to an engine the first time it is used. */
async function learnSaved(ctx: FlowContext, e: HandwritingEngine): Promise<void> {
  const set = learntBy(ctx);
  if (set.has(e)) return;
  set.add(e);
  await e.adapt(await savedSamples(ctx));
}

/**
 * Live recognition: the pad sends its ink after every stroke. Nothing is logged here (a word of
 * five strokes would log five partial readings); `commitText` logs what the user accepts.
 */
export async function recognizeDrawing(ctx: FlowContext, req: RecognizeRequest, signal?: AbortSignal): Promise<PadRecognition> {
  if (countPoints(req.drawing) === 0)
    throw new MambaError('EMPTY_INPUT', 'The pad is empty.', 'Write something on the pad, then ask again.');
  const model = req.model ?? ctx.settings().engines.handwritingModel;
  const { value: recognition, ms } = await Journal.timed(() =>
    ctx.engines.run('handwriting', async (e) => {
      await learnSaved(ctx, e);
      return e.recognizeDrawing(req.drawing, { model, signal });
    }),
  );
  const recognitionId = newId();
  // A private copy: corrections edit it, never what was returned.
  ctx.memory.rememberRecognition(recognitionId, { recognition: structuredClone(recognition), drawing: req.drawing, ms });
  const candidates = wordCandidates(recognition, { lang: req.lang ?? ctx.settings().languages.input });
  return { ...recognition, recognitionId, candidates };
}

/** One log entry per committed text (with the recognition it came from, when it is still known). */
export async function commitText(ctx: FlowContext, req: CommitRequest): Promise<CommitResult> {
  const lang = req.lang ?? ctx.settings().languages.input;
  const text = req.text.trim();
  const remembered = req.recognitionId ? ctx.memory.recognition(req.recognitionId) : undefined;
  const r = remembered?.recognition;
  ctx.memory.lastWritten = { text: req.line?.trim() || text, lang };
  const entry = await ctx.journal.record({
    role: 'user',
    kind: 'drawing',
    text,
    lang,
    ...(remembered?.ms !== undefined ? { ms: remembered.ms } : {}),
    meta: {
      ...(req.via ? { via: req.via } : {}),
      ...(r
        ? {
            recognitionId: req.recognitionId ?? '',
            read: r.text,
            model: r.model,
            backend: r.backend,
            strokes: remembered.drawing.strokes.length,
            points: countPoints(remembered.drawing),
            confidence: meanConfidence(r),
          }
        : {}),
    },
  });
  return { entryId: entry.id };
}

function meanConfidence(r: Recognition): number {
  const chars = r.words.flatMap((w) => w.chars);
  if (chars.length === 0) return 0;
  return Math.round((chars.reduce((s, c) => s + c.confidence, 0) / chars.length) * 1000) / 1000;
}

/** Strokes belonging to a character: its stroke indices, or those whose bounds meet its box. */
function strokesOf(drawing: Drawing, box: [number, number, number, number], indices?: number[]): Stroke[] {
  if (indices && indices.length) return indices.filter((i) => i >= 0 && i < drawing.strokes.length).map((i) => drawing.strokes[i]);
  const [bx, by, bw, bh] = box;
  return drawing.strokes.filter((s) => s.some(([x, y]) => x >= bx && x <= bx + bw && y >= by && y <= by + bh));
}

/**
 * The user's pick for one character, applied to the word: the picked character, fully confident,
 * first among its alternatives (the top 3 kept), and the word's text.
 */
function applyPick(word: RecognizedWord, charIndex: number, picked: string): void {
  const old = word.chars[charIndex];
  const alternatives = [{ char: picked, confidence: 1 }, ...old.alternatives.filter((a) => a.char !== picked)].slice(0, 3);
  word.chars[charIndex] = { ...old, char: picked, confidence: 1, alternatives };
  word.text = word.chars.map((c) => c.char).join('');
}

/**
 * A character picked on the pad, applied to the remembered recognition (so the pad and "read what I
 * wrote" show it). A different letter is also saved as a labelled sample the recogniser learns at
 * once; an accent on the same letter (n -> ñ) only changes the text (the models have no accented classes).
 */
export async function correctCharacter(ctx: FlowContext, req: CorrectRequest): Promise<CorrectResult> {
  let sample: LabelledSample;
  let text = '';
  let word: RecognizedWord | undefined;
  const at = new Date().toISOString();
  if ('recognitionId' in req) {
    const remembered = ctx.memory.recognition(req.recognitionId);
    if (!remembered)
      throw new MambaError('BAD_INPUT', 'That recognition is no longer available to correct.', 'Recognise the drawing again, then correct it.');
    word = remembered.recognition.words[req.wordIndex];
    const ch = word?.chars[req.charIndex];
    if (!word || !ch) throw new MambaError('BAD_INPUT', `No character ${req.charIndex} in word ${req.wordIndex}.`, 'Pick a character shown in the recognised text.');
    const accentOnly = isAccentPick(req.correctChar, ch.char);
    sample = {
      label: req.correctChar,
      predicted: ch.char,
      model: remembered.recognition.model,
      box: ch.box,
      strokes: strokesOf(remembered.drawing, ch.box, ch.strokeIndices),
      at,
      source: 'correction',
    };
    // Apply the correction so the pad and "read what I wrote" use the corrected text.
    applyPick(word, req.charIndex, req.correctChar);
    remembered.recognition.text = remembered.recognition.words.map((w) => w.text).join(' ');
    text = remembered.recognition.text;
    ctx.memory.lastWritten = { text, lang: ctx.settings().languages.input };
    if (accentOnly) return { sampleId: '', text, word: structuredClone(word), saved: false, savedTo: '', learnt: false };
  } else {
    sample = {
      label: req.correctChar,
      predicted: req.predictedChar,
      model: req.model ?? ctx.settings().engines.handwritingModel,
      box: req.box,
      strokes: strokesOf(req.drawing, req.box),
      at,
      source: 'correction',
    };
  }
  if (sample.strokes.length === 0)
    throw new MambaError('EMPTY_INPUT', 'No ink found for that character.', 'Correct a character that has strokes on the pad.');
  const sampleId = newId();
  const savedTo = path.posix.join(SAMPLES_DIR, `${sampleId}.json`);
  await writeAtomic(path.join(ctx.userDataDir, SAMPLES_DIR, `${sampleId}.json`), JSON.stringify(sample) + '\n');
  // Learn it now: one CNN pass, so the very next recognition already reads this shape the user's way.
  const learntNow = await ctx.engines
    .run('handwriting', async (e) => {
      if (learntBy(ctx).has(e)) await e.adapt([{ label: sample.label, strokes: sample.strokes }]);
      else await learnSaved(ctx, e); // the saved samples include this one
      return true;
    })
    .catch(() => false); // saved all the same: the engine learns it when it next starts
  await ctx.journal.record({
    role: 'user',
    kind: 'correction',
    text: `${sample.predicted ?? '?'} → ${sample.label}`,
    meta: { sampleId, label: sample.label, ...(sample.predicted ? { predicted: sample.predicted } : {}) },
  });
  return { sampleId, text, ...(word ? { word: structuredClone(word) } : {}), saved: true, savedTo, learnt: learntNow };
}

/**
 * The user's reset ("Forget my handwriting corrections"): deletes every saved sample and makes the
 * engines that learnt them forget. Returns how many samples were deleted.
 */
export async function forgetCorrections(ctx: FlowContext): Promise<{ removed: number }> {
  const dir = path.join(ctx.userDataDir, SAMPLES_DIR);
  let names: string[] = [];
  try {
    names = (await fs.promises.readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let removed = 0;
  for (const n of names) {
    await fs.promises.rm(path.join(dir, n), { force: true });
    removed++;
  }
  for (const e of learntBy(ctx)) e.forgetAdaptation();
  await ctx.journal.record({ role: 'mamba', kind: 'correction', text: `Forgot ${removed} handwriting correction${removed === 1 ? '' : 's'}`, meta: { removed } });
  return { removed };
}
