/**
 * espeak-ng backend: one process per chunk, spawned with an argument array (never a shell), the
 * text on stdin (never in argv, so it can be neither a shell word nor an option), SSML off, WAV on
 * stdout. ~10 ms per sentence.
 */
import { spawn, spawnSync } from 'child_process';
import { MambaError } from '../../../shared/errors';
import type { LanguageCode } from '../../../shared/types';
import { readWav } from '../../platform/wav';
import type { RenderedAudio, TtsBackend } from './synthesizer';
import { ESPEAK_VOICE_NAME, espeakVoiceFor } from './voices';

export function espeakFix(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin' ? 'brew install espeak-ng' : 'sudo apt install espeak-ng';
}

/** Is the program there and does it run? (`--version` is instant.) */
export function espeakAvailable(command = 'espeak-ng'): boolean {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 5000 });
  return !r.error && r.status === 0;
}

export function createEspeakBackend(o: { command?: string } = {}): TtsBackend {
  const command = o.command ?? 'espeak-ng';
  if (!espeakAvailable(command)) {
    throw new MambaError('ENGINE_UNAVAILABLE', `speech output needs espeak-ng, which is not installed (${command})`,
      espeakFix());
  }
  return {
    name: 'espeak-ng',
    voiceFor: (lang: LanguageCode) => espeakVoiceFor(lang),
    validVoice: (voice: string) => ESPEAK_VOICE_NAME.test(voice),
    render: (text, voice, wpm) => renderEspeak(command, text, voice ?? espeakVoiceFor('en'), wpm),
  };
}

function renderEspeak(command: string, text: string, voice: string, wpm: number): Promise<RenderedAudio> {
  const args = ['-v', voice, '-s', String(Math.round(wpm)), '-b', '1', '--stdin', '--stdout'];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000 + text.length * 20);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString('utf8')).slice(-500);
    });
    child.stdin.on('error', () => undefined); // EPIPE if it exits early: reported by 'close'
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT'
        ? new MambaError('ENGINE_UNAVAILABLE', 'espeak-ng is not installed', espeakFix())
        : new MambaError('ENGINE_UNAVAILABLE', `cannot run espeak-ng: ${e.message}`, espeakFix()));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return reject(new MambaError('TIMEOUT', 'espeak-ng took too long', 'speak a shorter text'));
      if (code !== 0) {
        const unknownVoice = /voice does not exist|failed to read voice/i.test(err);
        return reject(unknownVoice
          ? new MambaError('BAD_INPUT', `espeak-ng has no voice '${voice}'`, 'list voices with `espeak-ng --voices`')
          : new MambaError('INTERNAL', `espeak-ng failed (exit ${code}): ${err.trim() || 'no message'}`, espeakFix()));
      }
      try {
        // --stdout writes a streaming header (sizes unknown); readWav takes the data as present.
        const wav = readWav(Buffer.concat(out), { sampleRate: null });
        resolve({ pcm: wav.pcm, sampleRate: wav.sampleRate });
      } catch (e) {
        reject(new MambaError('INTERNAL', `espeak-ng wrote audio Mamba cannot read: ${(e as Error).message}`, espeakFix()));
      }
    });
    child.stdin.end(text, 'utf8');
  });
}
