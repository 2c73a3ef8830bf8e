/**
 * Which voice speaks which language. espeak-ng names voices by language tag; `say` (macOS/Windows)
 * by the system's voice names.
 */
import type { LanguageCode } from '../../../shared/types';

/** espeak-ng voice per language where the bare code is not the best choice. */
const ESPEAK_VOICES: Record<string, string> = { en: 'en-us', es: 'es', pt: 'pt-br', fr: 'fr-fr' };

export function espeakVoiceFor(lang: LanguageCode): string {
  return ESPEAK_VOICES[lang] ?? lang;
}

/** System voices `say` can ask for (shipped with macOS / Windows 10+). Other languages: the system default. */
const SAY_VOICES: Record<string, Record<string, string>> = {
  darwin: { en: 'Samantha', es: 'Monica', fr: 'Thomas', it: 'Alice', pt: 'Luciana', de: 'Anna' },
  win32: { en: 'Microsoft Zira Desktop', es: 'Microsoft Helena Desktop' },
};

export function sayVoiceFor(lang: LanguageCode, platform: NodeJS.Platform): string | undefined {
  return SAY_VOICES[platform]?.[lang];
}

/** espeak-ng voice names ('en-us', 'es-419', 'en+f3'): anything else is refused before it reaches a process. */
export const ESPEAK_VOICE_NAME = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*(?:\+[a-z0-9]{1,10})?$/i;
/** System voice names for `say`: letters, digits, spaces, dots, dashes: no quotes or shell characters, ever. */
export const SAY_VOICE_NAME = /^[A-Za-z0-9 ._-]{1,64}$/;
