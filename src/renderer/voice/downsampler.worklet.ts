/**
 * AudioWorklet: microphone audio (whatever rate the device runs at, usually 48 kHz) ->
 * 16 kHz mono signed 16-bit chunks for the recogniser. Each output sample is the mean of
 * the input samples it spans (a box low-pass, enough for speech below 8 kHz), which also
 * handles fractional ratios like 44.1 kHz. Posts {pcm: ArrayBuffer, rms} every chunkMs.
 */
export {};

declare global {
  /** The AudioWorkletGlobalScope's rate (not in TypeScript's DOM lib). */
  const sampleRate: number;
  abstract class AudioWorkletProcessor {
    readonly port: MessagePort;
    constructor(options?: AudioWorkletNodeOptions);
    abstract process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
  }
  function registerProcessor(name: string, ctor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor): void;
}

export interface DownsamplerOptions {
  targetRate: number;
  chunkMs: number;
}

class Downsampler extends AudioWorkletProcessor {
  private readonly ratio: number;
  private readonly chunk: Int16Array;
  private filled = 0;
  private sum = 0;
  private count = 0;
  private pos = 0;
  private energy = 0;
  private stopped = false;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const o = (options.processorOptions ?? {}) as Partial<DownsamplerOptions>;
    const target = o.targetRate ?? 16000;
    this.ratio = sampleRate / target;
    this.chunk = new Int16Array(Math.round((target * (o.chunkMs ?? 160)) / 1000));
    this.port.onmessage = (e: MessageEvent) => {
      if (e.data === 'flush') this.flush();
      if (e.data === 'stop') {
        this.flush();
        this.stopped = true;
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return !this.stopped;
    const n = channels[0].length;
    const k = channels.length;
    for (let i = 0; i < n; i++) {
      let x = 0;
      for (let c = 0; c < k; c++) x += channels[c][i];
      this.sum += x / k;
      this.count++;
      this.pos += 1;
      if (this.pos >= this.ratio) {
        this.pos -= this.ratio;
        const v = Math.max(-1, Math.min(1, this.sum / this.count));
        this.sum = 0;
        this.count = 0;
        this.energy += v * v;
        this.chunk[this.filled++] = v < 0 ? Math.round(v * 0x8000) : Math.round(v * 0x7fff);
        if (this.filled === this.chunk.length) this.flush();
      }
    }
    return !this.stopped;
  }

  private flush(): void {
    if (!this.filled) return;
    const pcm = this.chunk.slice(0, this.filled);
    const rms = Math.sqrt(this.energy / this.filled);
    this.filled = 0;
    this.energy = 0;
    this.port.postMessage({ pcm: pcm.buffer, rms }, [pcm.buffer]);
  }
}

registerProcessor('mamba-downsampler', Downsampler);
