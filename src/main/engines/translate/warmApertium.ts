/**
 * A warm Apertium pipeline for one mode: every stage of the .mode file is started once in
 * null-flush mode (-z), the stages are joined by OS pipes, and each request is the deformatted text
 * followed by '\0'; the answer is everything up to the next '\0' (as apertium-apy does). A sentence
 * then costs the translation (~15 ms) instead of ~13 process start-ups and dictionary loads.
 * Requests are serialised (one '\0'-terminated answer per request, in order); a stage that dies or a
 * request that times out tears the pipeline down and the next request starts a fresh one.
 */
import { ChildProcess, spawn } from 'child_process';
import type { Socket } from 'net';
import { MambaError } from '../../../shared/errors';
import type { ApertiumMode, Stage } from './modes';
import { nullFlushStages } from './modes';
import { deformatText, reformatText } from './streamFormat';

export interface WarmApertiumOptions {
  /** Per-request limit: `timeoutMs` plus 1 ms per 20 characters. */
  timeoutMs?: number;
  /** Keep Apertium's '*' marks on unknown words (default false, as `apertium -u`). */
  markUnknown?: boolean;
  /** Called with a line when a pipeline (re)starts, for the engine status/log. */
  onEvent?: (line: string) => void;
}

interface Pending {
  resolve: (s: string) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Apertium reads and writes UTF-8 only under a UTF-8 locale; keep the user's if it is one. */
export function utf8Env(): NodeJS.ProcessEnv {
  const { LC_ALL, LC_CTYPE, LANG } = process.env;
  const current = LC_ALL || LC_CTYPE || LANG || '';
  return /utf-?8/i.test(current) ? process.env : { ...process.env, LC_ALL: 'C.UTF-8' };
}

/** After this many failures in a row, report the pair broken instead of restarting (for a while). */
const MAX_CONSECUTIVE_FAILURES = 3;
const RETRY_AFTER_MS = 30_000;

export class WarmApertium {
  readonly mode: ApertiumMode;
  private readonly opts: Required<Omit<WarmApertiumOptions, 'onEvent'>> & Pick<WarmApertiumOptions, 'onEvent'>;
  private stages: Stage[] | undefined;
  private procs: ChildProcess[] = [];
  private out: Buffer[] = [];
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stderrTail = '';
  private failures = 0;
  private lastFailureAt = 0;
  private closed = false;
  /** How many times a pipeline was started (1 = never restarted). */
  starts = 0;

  constructor(mode: ApertiumMode, o: WarmApertiumOptions = {}) {
    this.mode = mode;
    this.opts = { timeoutMs: o.timeoutMs ?? 15000, markUnknown: o.markUnknown ?? false, onEvent: o.onEvent };
  }

  /** Is a pipeline running now? */
  get running(): boolean {
    return this.procs.length > 0;
  }

  /** Process ids of the stages (tests kill one to prove recovery). */
  get pids(): number[] {
    return this.procs.map((p) => p.pid ?? -1);
  }

  /** Translate plain text. Calls are queued: one request in the pipeline at a time. */
  translate(text: string): Promise<string> {
    const run = this.queue.then(() => this.request(text));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Start the processes now rather than on the first request. */
  async start(): Promise<void> {
    await this.translate('');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop(new MambaError('CANCELLED', 'translator closed'));
  }

  private async request(text: string): Promise<string> {
    if (this.closed) throw new MambaError('CANCELLED', 'translator closed');
    if (this.failures >= MAX_CONSECUTIVE_FAILURES && Date.now() - this.lastFailureAt < RETRY_AFTER_MS) {
      throw new MambaError('ENGINE_UNAVAILABLE',
        `the Apertium ${this.mode.name} pipeline failed ${this.failures} times in a row: ${this.lastError()}`,
        `check that \`apertium -u ${this.mode.name}\` works in a terminal; reinstall the pair's package`);
    }
    if (!this.running) this.launch();
    const stream = deformatText(text) + '\0';
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const limit = this.opts.timeoutMs + Math.ceil(text.length / 20);
        const timer = setTimeout(() => {
          this.stop(new MambaError('TIMEOUT', `Apertium ${this.mode.name} gave no answer in ${limit} ms`,
            'try a shorter text; the translator restarts by itself'));
        }, limit);
        this.pending = { resolve, reject, timer };
        this.procs[0].stdin?.write(stream, 'utf8');
      });
      this.failures = 0;
      return reformatText(answer);
    } catch (e) {
      this.failures++;
      this.lastFailureAt = Date.now();
      throw e;
    }
  }

  private launch(): void {
    this.stages ??= nullFlushStages(this.mode, { markUnknown: this.opts.markUnknown });
    this.starts++;
    this.opts.onEvent?.(`starting Apertium ${this.mode.name} (${this.stages.length} stages)`);
    this.out = [];
    this.stderrTail = '';
    const procs: ChildProcess[] = [];
    for (const [i, st] of this.stages.entries()) {
      // Stage i reads stage i-1's stdout directly (an OS pipe; no JS in between).
      const stdin = i === 0 ? 'pipe' : procs[i - 1].stdout!;
      const p = spawn(st.cmd, st.args, { stdio: [stdin, 'pipe', 'pipe'], env: utf8Env() });
      p.on('error', (e: NodeJS.ErrnoException) => {
        if (!this.procs.includes(p)) return;
        const missing = e.code === 'ENOENT';
        this.stop(new MambaError('ENGINE_UNAVAILABLE',
          missing ? `Apertium program '${st.cmd}' is not installed` : `cannot start '${st.cmd}': ${e.message}`,
          'sudo apt install apertium apertium-eng-spa'));
        if (missing) this.failures = MAX_CONSECUTIVE_FAILURES; // restarting cannot help soon
      });
      p.on('exit', (code, signal) => {
        if (this.procs.includes(p)) {
          this.stop(new MambaError('INTERNAL',
            `Apertium stage '${st.cmd}' of ${this.mode.name} stopped (${signal ?? `exit ${code}`}): ${this.lastError()}`,
            'the translator restarts by itself; if it keeps failing, reinstall the pair package'));
        }
      });
      p.stderr!.on('data', (d: Buffer) => {
        this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-1000);
      });
      p.stdin?.on('error', () => undefined); // EPIPE when a stage dies: reported through 'exit'
      procs.push(p);
    }
    // The parent's copies of the inner pipes are not ours to read: close them.
    for (const p of procs.slice(0, -1)) p.stdout?.destroy();
    // An idle pipeline must not keep the process alive (a waiting request has its own timer).
    for (const p of procs) {
      p.unref();
      for (const s of [p.stdin, p.stdout, p.stderr]) (s as Socket | null)?.unref?.();
    }
    const last = procs[procs.length - 1];
    last.stdout!.on('data', (d: Buffer) => this.onOutput(d));
    this.procs = procs;
  }

  private onOutput(d: Buffer): void {
    let chunk = d;
    for (let nul = chunk.indexOf(0); nul >= 0; nul = chunk.indexOf(0)) {
      this.out.push(chunk.subarray(0, nul));
      const text = Buffer.concat(this.out).toString('utf8');
      this.out = [];
      chunk = chunk.subarray(nul + 1);
      const p = this.pending;
      this.pending = undefined;
      if (p) {
        clearTimeout(p.timer);
        p.resolve(text);
      }
      // A '\0' with no request waiting cannot be matched to one: drop it (never seen with -z stages).
    }
    if (chunk.length) this.out.push(chunk);
  }

  private lastError(): string {
    return this.stderrTail.trim().split('\n').slice(-2).join(' ') || 'no message';
  }

  /** Kill the pipeline and fail the waiting request with `err`. */
  private stop(err: MambaError): void {
    const procs = this.procs;
    this.procs = [];
    for (const p of procs) {
      p.removeAllListeners('exit');
      p.stdout?.removeAllListeners('data');
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    }
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }
}
