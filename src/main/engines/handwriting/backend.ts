/**
 * tfjs backend chain: tfjs-node-gpu -> tfjs-node -> wasm -> cpu.
 * The native packages are optional dependencies (their install downloads libtensorflow, which is not
 * possible everywhere), so each is tried with require() and skipped with a reason when absent.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { MambaError } from '../../../shared/errors';
import type { HandwritingBackendChoice } from '../../../shared/types';

export type BackendChoice = HandwritingBackendChoice;

export interface BackendPick {
  /** tfjs backend name now active: 'tensorflow' | 'wasm' | 'cpu'. */
  name: string;
  /** One line: what was picked and why the better ones were skipped. */
  reason: string;
}

type Loader = () => Promise<void>;

function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Cannot find module/.test(msg)) return 'not installed';
  return msg.split('\n')[0].slice(0, 120);
}

async function loadNative(pkg: string): Promise<void> {
  // Registers the 'tensorflow' backend as a side effect. Dynamic name keeps bundlers/tsc from requiring it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(pkg);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tensorflow backend failed to initialise');
}

async function loadWasm(threads?: number): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  // In Node the .wasm binaries are read from node_modules (a filesystem prefix, trailing slash required).
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  wasm.setWasmPaths(dir);
  if (threads && threads > 0) wasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
}

async function loadCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to initialise');
}

/**
 * Select the fastest backend that works. tfjs keeps one active backend per process, so every engine
 * in the process shares it; re-selecting the same backend is cheap.
 */
export async function selectBackend(choice: BackendChoice = 'auto', opts: { wasmThreads?: number } = {}): Promise<BackendPick> {
  const env = process.env.MAMBA_TF_BACKEND as BackendChoice | undefined;
  const want = choice === 'auto' && env && ['tensorflow', 'wasm', 'cpu'].includes(env) ? env : choice;
  if (want !== 'auto' && tf.getBackend() === want) return { name: want, reason: `${want} (already active)` };
  const chain: [string, Loader][] = [];
  if (want === 'auto' || want === 'tensorflow') {
    chain.push(['tfjs-node-gpu', () => loadNative('@tensorflow/tfjs-node-gpu')]);
    chain.push(['tfjs-node', () => loadNative('@tensorflow/tfjs-node')]);
  }
  if (want === 'auto' || want === 'wasm') chain.push(['wasm', () => loadWasm(opts.wasmThreads)]);
  if (want === 'auto' || want === 'cpu') chain.push(['cpu', loadCpu]);
  const skipped: string[] = [];
  for (const [label, load] of chain) {
    try {
      await load();
      await tf.ready();
      const name = tf.getBackend();
      const why = skipped.length ? `; skipped ${skipped.join(', ')}` : '';
      return { name, reason: `handwriting: using tfjs backend '${name}' (${label})${why}` };
    } catch (e) {
      skipped.push(`${label}: ${shortReason(e)}`);
    }
  }
  throw new MambaError(
    'ENGINE_UNAVAILABLE',
    `No TensorFlow.js backend could start (${skipped.join('; ')})`,
    'run `npm run setup` to reinstall the npm packages',
  );
}
