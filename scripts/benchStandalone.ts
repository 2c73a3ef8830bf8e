/**
 * Running one area's benchmark on its own (`npx tsx scripts/bench/<area>.ts`): print the
 * figures and write reports/bench-<area>.json, the same figures `npm run bench` collects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Figures = Record<string, number | string>;

export function runStandalone(area: string, bench: (log: (line: string) => void) => Promise<Figures>): void {
  bench((l) => console.log(l)).then(
    (figures) => {
      const dir = path.resolve('reports');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `bench-${area}.json`);
      fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), ...figures }, null, 2) + '\n');
      console.log(`bench: wrote ${path.relative(process.cwd(), file)}`);
      process.exit(0); // engines may keep worker processes alive
    },
    (e) => {
      console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
