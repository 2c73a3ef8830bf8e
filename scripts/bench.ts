/**
 * `npm run bench`: runs every area's benchmark (scripts/bench/<area>.ts, each exporting runBench),
 * prints the figures and writes them to reports/bench.json. `npm run bench -- ocr speech` runs a subset.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import type { Figures } from './benchStandalone';

type BenchFn = (log: (line: string) => void) => Promise<Figures>;

async function main(): Promise<void> {
  const dir = join(__dirname, 'bench');
  const wanted = process.argv.slice(2);
  const areas = readdirSync(dir)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.map'))
    .map((f) => f.replace(/\.(js|ts)$/, ''))
    .filter((a, i, all) => all.indexOf(a) === i && (wanted.length === 0 || wanted.includes(a)))
    .sort();
  const results: Record<string, Record<string, number | string>> = {};
  let failed = 0;
  for (const area of areas) {
    const log = (line: string): void => console.log(`[${area}] ${line}`);
    const t0 = Date.now();
    try {
      const mod = (await import(join(dir, area))) as { runBench?: BenchFn };
      if (!mod.runBench) throw new Error('exports no runBench');
      results[area] = await mod.runBench(log);
    } catch (e) {
      failed++;
      results[area] = { error: e instanceof Error ? e.message : String(e) };
      log(`FAILED: ${results[area].error}`);
    }
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    results,
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync(join('reports', 'bench.json'), JSON.stringify(report, null, 2));
  console.log(`bench: wrote reports/bench.json (${areas.length} areas, ${failed} failed)`);
  process.exitCode = failed ? 1 : 0;
}

void main();
