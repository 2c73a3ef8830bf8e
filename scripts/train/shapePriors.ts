/**
 * Per-class shape priors for the cut search (cutSearch.ts): mean and spread of log(width / height) of each
 * character class, from the pen sets' TRAIN writers only (scripts/datasets/pen.ts split). Writes
 * src/main/engines/handwriting/shapePriors.json (62 small numbers per statistic: derived figures, no data).
 * Run: npx tsx scripts/train/shapePriors.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { strokeBox, unionBox } from '../../src/main/engines/handwriting/drawing';
import { requireDataSet } from '../datasets/dataSets';
import { loadPenChars } from '../datasets/pen';

const out = path.resolve(__dirname, '../../src/main/engines/handwriting/shapePriors.json');
const chars = loadPenChars(requireDataSet('pen'), { splits: ['train'] });
const by = new Map<string, number[]>();
for (const c of chars) {
  const b = c.strokes.map(strokeBox).reduce(unionBox);
  const w = b.x1 - b.x0, h = b.y1 - b.y0;
  if (!(w > 0 && h > 0)) continue;
  if (!by.has(c.label)) by.set(c.label, []);
  by.get(c.label)!.push(Math.log(w / h));
}
const classes: Record<string, [number, number]> = {};
for (const label of [...by.keys()].sort()) {
  const v = by.get(label)!.sort((a, b) => a - b);
  // Robust: median and half the 16-84% range (a standard deviation for a normal spread).
  const q = (p: number): number => v[Math.floor(p * (v.length - 1))];
  classes[label] = [Math.round(q(0.5) * 1000) / 1000, Math.round(Math.max(0.1, (q(0.84) - q(0.16)) / 2) * 1000) / 1000];
}
const rows = Object.entries(classes).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
const about = 'log(width/height) per class: [median, spread]; pen sets, train writers (scripts/train/shapePriors.ts)';
fs.writeFileSync(out, `{\n "about": ${JSON.stringify(about)},\n "n": ${chars.length},\n "logAspect": {\n${rows.join(',\n')}\n }\n}\n`);
console.log(`wrote ${out} (${Object.keys(classes).length} classes from ${chars.length} characters)`);
