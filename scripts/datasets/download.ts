/**
 * `npm run data`: downloads the public data sets that some tests, `npm run eval` and training need, from
 * their official sources, into `.cache/data/<name>` (where scripts/datasets/dataSets.ts looks last).
 * A data set already found (MAMBA_DATA, ../shared/data or .cache/data) is left alone.
 * Exits non-zero, saying which sets could not be fetched and why, when a source cannot be reached.
 *
 *   npm run data                 every data set
 *   npm run data -- emnist       only the named ones
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { DATA_SETS, DataSetName, dataRoots, dataSetDir } from './dataSets';

interface Source {
  /** What the data set is and where it comes from, for the user. */
  about: string;
  /** Files to fetch: URL and the name it is saved under in the download folder. */
  files: { url: string; saveAs: string }[];
  /** Turns the downloaded files (in `tmp`) into the data set's layout in `dir`. */
  unpack?: (tmp: string, dir: string) => void;
}

const SOURCES: Record<DataSetName, Source | null> = {
  emnist: {
    about: 'EMNIST (Cohen et al. 2017), official gzip release from NIST',
    files: [{ url: 'https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip', saveAs: 'gzip.zip' }],
    unpack: (tmp, dir) => run('unzip', ['-o', '-j', path.join(tmp, 'gzip.zip'), 'gzip/emnist-*', '-d', dir]),
  },
  pendigits: {
    about: 'UCI Pen-Based Recognition of Handwritten Digits (Alpaydin & Alimoglu 1998), original trajectories',
    files: [
      { url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/pendigits/pendigits-orig.tra.Z', saveAs: 'pendigits-orig.tra.Z' },
      { url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/pendigits/pendigits-orig.tes.Z', saveAs: 'pendigits-orig.tes.Z' },
    ],
    unpack: (tmp, dir) => {
      // .Z is LZW (compress); gzip decodes it.
      for (const [from, to] of [['pendigits-orig.tra.Z', 'pendigits-orig-tra.txt'], ['pendigits-orig.tes.Z', 'pendigits-orig-tes.txt']]) {
        const r = spawnSync('gzip', ['-dc', path.join(tmp, from)], { maxBuffer: 1 << 28 });
        if (r.status !== 0) throw new Error(`gzip -dc ${from} failed: ${String(r.stderr)}`);
        fs.writeFileSync(path.join(dir, to), r.stdout);
      }
    },
  },
  // The pen set (DigiLeTs + UNIPEN converted to one JSON Lines file each) has no single official download;
  // its conversion is not automated yet.
  pen: null,
};

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) throw new Error(`${cmd} is needed to unpack this data set (${r.error.message})`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${String(r.stderr).trim()}`);
}

async function download(url: string, file: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach ${new URL(url).host} (${cause?.code ?? cause?.message ?? (e as Error).message})`, { cause: e });
  }
  if (!res.ok || !res.body) throw new Error(`${url} answered HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  let got = 0, shown = -1;
  const body = Readable.fromWeb(res.body as import('stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    got += chunk.length;
    const pct = total ? Math.floor((100 * got) / total) : -1;
    if (pct !== shown && pct % 10 === 0) process.stderr.write(`  ${path.basename(file)}: ${pct}% of ${(total / 1e6).toFixed(0)} MB\n`);
    shown = pct;
  });
  await pipeline(body, fs.createWriteStream(file));
}

async function fetchDataSet(name: DataSetName, root: string): Promise<void> {
  const source = SOURCES[name];
  if (!source) throw new Error('no automatic download yet: it is DigiLeTs (github.com/CognitiveModeling/DigiLeTs) and UNIPEN train_r01_v07 (doi 10.5281/zenodo.1195803) converted to JSON Lines (see README, "Data sets")');
  console.log(`${name}: ${source.about}`);
  const dir = path.join(root, name);
  const tmp = path.join(root, `.download-${name}`);
  fs.mkdirSync(tmp, { recursive: true });
  for (const f of source.files) await download(f.url, path.join(tmp, f.saveAs));
  // Unpack into a fresh folder and rename it into place, so a failed run never leaves half a data set.
  const staging = `${dir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  source.unpack?.(tmp, staging);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  fs.rmSync(tmp, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(DATA_SETS as readonly string[]).includes(a));
  if (unknown.length) {
    console.error(`unknown data set: ${unknown.join(', ')} (known: ${DATA_SETS.join(', ')})`);
    process.exit(2);
  }
  const names = (asked.length ? asked : DATA_SETS) as DataSetName[];
  const root = dataRoots()[dataRoots().length - 1]; // .cache/data
  const failed: string[] = [];
  for (const name of names) {
    const have = dataSetDir(name);
    if (have) {
      console.log(`${name}: already present in ${have}`);
      continue;
    }
    try {
      await fetchDataSet(name, root);
      console.log(`${name}: ready in ${path.join(root, name)}`);
    } catch (e) {
      failed.push(name);
      console.error(`${name}: NOT downloaded: ${(e as Error).message}`);
    }
  }
  if (failed.length) {
    console.error(
      `\n${failed.length} data set(s) not available: ${failed.join(', ')}. The tests that need them are skipped ` +
        `(npm test lists them). Put a copy in .cache/data/<name>, or point MAMBA_DATA at a folder that has them.`,
    );
    process.exit(1);
  }
}

void main();
