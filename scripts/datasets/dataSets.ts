/**
 * Where the public data sets live. One place for scripts and tests alike:
 * `MAMBA_DATA`, else `../shared/data` beside the repository, else `.cache/data` (where `npm run data`
 * puts them on a user's machine). A data set counts as present when its folder holds the files named here.
 */
import * as fs from 'fs';
import * as path from 'path';

export const DATA_SETS = ['emnist', 'pendigits', 'pen'] as const;
export type DataSetName = (typeof DATA_SETS)[number];

/** A file each data set must have for it to count as present. */
const MARKER: Record<DataSetName, string> = {
  emnist: 'emnist-byclass-test-images-idx3-ubyte.gz',
  pendigits: 'pendigits-orig-tes.txt',
  pen: 'digilets-chars.jsonl.gz',
};

const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  // Works from the TypeScript sources and from dist/ alike: the root is where package.json is.
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(from, '..', '..');
    dir = up;
  }
  return dir;
}

/** Candidate roots in order of preference. */
export function dataRoots(): string[] {
  const roots: string[] = [];
  if (process.env.MAMBA_DATA) roots.push(path.resolve(process.env.MAMBA_DATA));
  roots.push(path.resolve(REPO_ROOT, '..', 'shared', 'data'));
  roots.push(path.join(REPO_ROOT, '.cache', 'data'));
  return roots;
}

/** The folder of a data set, or null when it is in none of the roots. */
export function dataSetDir(name: DataSetName): string | null {
  for (const root of dataRoots()) {
    const dir = path.join(root, name);
    if (fs.existsSync(path.join(dir, MARKER[name]))) return dir;
  }
  return null;
}

/** Like dataSetDir, but throws an Error saying how to get the data set. */
export function requireDataSet(name: DataSetName): string {
  const dir = dataSetDir(name);
  if (!dir) throw new Error(missingDataSetReason(name));
  return dir;
}

/** One line: which data set is missing, where it was looked for, how to get it. */
export function missingDataSetReason(name: DataSetName): string {
  return `data set '${name}' not found (looked in MAMBA_DATA, ../shared/data, .cache/data); run 'npm run data' or set MAMBA_DATA`;
}
