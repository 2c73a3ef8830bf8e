/**
 * What the assistant remembers within a run so commands can refer back to it:
 * "repeat", "read what I wrote", "read the originals/translations", and the pad's
 * recognitions that a correction refers to (bounded).
 */
import type { Drawing, LanguageCode, Recognition } from '../../shared/types';

export interface Utterance {
  text: string;
  lang: LanguageCode;
}

export interface RememberedRecognition {
  recognition: Recognition;
  drawing: Drawing;
  /** How long the engine took (the commit's log entry shows it). */
  ms?: number;
}

const MAX_RECOGNITIONS = 100;

export class SessionMemory {
  lastUtterance?: Utterance;
  lastWritten?: Utterance;
  lastOriginal?: Utterance;
  lastTranslation?: Utterance;
  private readonly recognitions = new Map<string, RememberedRecognition>();

  rememberRecognition(id: string, r: RememberedRecognition): void {
    this.recognitions.set(id, r);
    if (this.recognitions.size > MAX_RECOGNITIONS) {
      const oldest = this.recognitions.keys().next().value;
      if (oldest !== undefined) this.recognitions.delete(oldest);
    }
  }

  recognition(id: string): RememberedRecognition | undefined {
    return this.recognitions.get(id);
  }
}
