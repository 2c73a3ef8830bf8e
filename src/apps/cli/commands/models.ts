/**
 * `mamba models [--json]`: installed models for each engine and where to put more.
 * Speech is checked for real (libvosk, Vosk model folders, PocketSphinx); the others are listed
 * from what is on disk (handwriting manifests, Apertium modes, Tesseract data).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineCommand } from '../command';
import { toMambaError } from '../../../shared/errors';
import { findVoskModels, userModelsDir, VOSK_MODELS } from '../../../main/engines/speech/models';
import { loadLibvosk } from '../../../main/engines/speech/vosk';
import { findPocketSphinxModel } from '../../../main/engines/speech/pocketsphinx';
import { packageRoot } from '../../../main/platform/appPaths';

interface Row {
  engine: string;
  name: string;
  status: 'installed' | 'missing' | 'incomplete' | 'unavailable';
  where?: string;
  detail?: string;
}

const listDir = (d: string) => {
  try {
    return fs.readdirSync(d);
  } catch {
    return [];
  }
};

export function speechRows(): Row[] {
  const rows: Row[] = [];
  let lib: string | undefined;
  try {
    lib = loadLibvosk().path;
    rows.push({ engine: 'speech', name: 'libvosk', status: 'installed', where: lib });
  } catch (e) {
    rows.push({ engine: 'speech', name: 'libvosk', status: 'unavailable', detail: toMambaError(e).toLine() });
  }
  const found = findVoskModels();
  for (const m of found) {
    rows.push({
      engine: 'speech',
      name: `vosk ${path.basename(m.dir)} (${m.lang})`,
      status: m.complete ? 'installed' : 'incomplete',
      where: m.dir,
      ...(m.complete ? {} : { detail: 'no am/final.mdl or conf/: unzip the model again' }),
    });
  }
  for (const lang of ['en', 'es'] as const) {
    if (found.some((m) => m.complete && m.lang === lang)) continue;
    const rec = VOSK_MODELS.find((m) => m.lang === lang);
    if (rec) {
      rows.push({
        engine: 'speech',
        name: `vosk model (${lang})`,
        status: 'missing',
        where: path.join(userModelsDir(), rec.name),
        detail: `download ${rec.url} (${rec.size}) and unzip it into ${userModelsDir()} (or set MAMBA_VOSK_MODEL)`,
      });
    }
  }
  const ps = findPocketSphinxModel();
  rows.push(
    ps
      ? { engine: 'speech', name: 'pocketsphinx en-us', status: 'installed', where: ps, detail: 'fallback engine (English only)' }
      : { engine: 'speech', name: 'pocketsphinx en-us', status: 'missing', detail: 'sudo apt install libpocketsphinx3 pocketsphinx-en-us' },
  );
  return rows;
}

function otherRows(): Row[] {
  const rows: Row[] = [];
  const hw = path.join(packageRoot(), 'models', 'handwriting');
  for (const id of listDir(hw)) {
    const manifest = path.join(hw, id, 'manifest.json');
    if (!fs.existsSync(manifest)) continue;
    let detail: string;
    try {
      const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { classes?: unknown[]; accuracy?: unknown; date?: unknown };
      detail = [m.classes ? `${m.classes.length} classes` : '', typeof m.accuracy === 'number' ? `accuracy ${m.accuracy}` : '', typeof m.date === 'string' ? m.date : '']
        .filter(Boolean)
        .join(', ');
    } catch {
      detail = 'manifest.json unreadable';
    }
    rows.push({ engine: 'handwriting', name: id, status: 'installed', where: path.join(hw, id), detail });
  }
  const modes = '/usr/share/apertium/modes';
  const pairs = listDir(modes).filter((f) => f.endsWith('.mode')).map((f) => f.replace(/\.mode$/, ''));
  rows.push(
    pairs.length
      ? { engine: 'translate', name: 'apertium', status: 'installed', where: modes, detail: pairs.join(' ') }
      : { engine: 'translate', name: 'apertium', status: 'missing', detail: 'sudo apt install apertium apertium-eng-spa' },
  );
  const tess = ['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata'].find((d) => fs.existsSync(d));
  const langs = tess ? listDir(tess).filter((f) => f.endsWith('.traineddata')).map((f) => f.replace(/\.traineddata$/, '')) : [];
  rows.push(
    langs.length && tess
      ? { engine: 'ocr', name: 'tesseract', status: 'installed', where: tess, detail: langs.join(' ') }
      : { engine: 'ocr', name: 'tesseract', status: 'missing', detail: 'sudo apt install tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa' },
  );
  return rows;
}

export const { spec, run } = defineCommand(
  {
    name: 'models',
    summary: 'List the installed models of every engine and where to put more.',
    options: { json: { type: 'boolean', help: 'as JSON' } },
  },
  async ({ values: { json } }, io) => {
    const rows = [...speechRows(), ...otherRows()];
    if (json) {
      io.out(JSON.stringify({ modelsDir: userModelsDir(), models: rows }));
      return 0;
    }
    io.out(`User model folder: ${userModelsDir()}`);
    for (const r of rows) {
      io.out(`${r.engine.padEnd(12)} ${r.status.padEnd(11)} ${r.name}${r.where ? `  [${r.where}]` : ''}`);
      if (r.detail) io.out(`${''.padEnd(25)}${r.detail}`);
    }
    return 0;
  },
);
