/**
 * Microphone -> AudioWorklet (downsampler.worklet.js) -> 16 kHz mono Int16 chunks.
 * Owns the MediaStream and AudioContext; stop() releases both (the mic light goes off).
 */
import type { DownsamplerOptions } from './downsampler.worklet';

export const VOICE_RATE = 16000;
export const CHUNK_MS = 160;

export interface MicChunk {
  pcm: Int16Array;
  /** Root mean square level 0..1, for the meter. */
  rms: number;
}

export class MicCapture {
  private stream: MediaStream | null = null;
  private ctx: AudioContext | null = null;
  private node: AudioWorkletNode | null = null;

  constructor(private readonly onChunk: (c: MicChunk) => void) {}

  get running(): boolean {
    return this.stream !== null;
  }

  async start(): Promise<void> {
    if (this.stream) return;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
    try {
      const ctx = new AudioContext();
      await ctx.audioWorklet.addModule(new URL('downsampler.worklet.js', document.baseURI).href);
      const source = ctx.createMediaStreamSource(stream);
      const options: DownsamplerOptions = { targetRate: VOICE_RATE, chunkMs: CHUNK_MS };
      const node = new AudioWorkletNode(ctx, 'mamba-downsampler', { numberOfInputs: 1, numberOfOutputs: 0, processorOptions: options });
      node.port.onmessage = (e: MessageEvent<{ pcm: ArrayBuffer; rms: number }>) => this.onChunk({ pcm: new Int16Array(e.data.pcm), rms: e.data.rms });
      source.connect(node);
      if (ctx.state === 'suspended') {
        // A browser may hold audio until the first click or key (always-listen restored at
        // load): resume then, instead of waiting here for ever.
        const resumed = await Promise.race([ctx.resume().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
        if (!resumed) {
          const wake = (): void => void ctx.resume().catch(() => undefined);
          document.addEventListener('pointerdown', wake, { once: true });
          document.addEventListener('keydown', wake, { once: true });
        }
      }
      this.stream = stream;
      this.ctx = ctx;
      this.node = node;
    } catch (e) {
      for (const t of stream.getTracks()) t.stop();
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.node?.port.postMessage('stop');
    this.node?.disconnect();
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    await this.ctx?.close().catch(() => undefined);
    this.stream = null;
    this.ctx = null;
    this.node = null;
  }
}
