/** What Mamba says back, in the user's language (English and Spanish). */
export type Lang = 'en' | 'es';

export function asLang(l: string | undefined): Lang {
  return l === 'es' ? 'es' : 'en';
}

export function sayTime(d: Date, lang: Lang): string {
  const h = d.getHours();
  const m = d.getMinutes();
  if (lang === 'es') {
    const mm = m.toString().padStart(2, '0');
    return h === 1 ? `Es la una y ${mm}.` : `Son las ${h}:${mm}.`;
  }
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `It's ${h12}:${m.toString().padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}.`;
}

const PHRASES = {
  nothingToRepeat: { en: "I haven't said anything yet.", es: 'Todavía no he dicho nada.' },
  nothingWritten: { en: 'Write something on the pad first.', es: 'Primero escribe algo en el panel.' },
  nothingRead: { en: "I haven't read anything yet. Say: Mamba, read this.", es: 'Todavía no he leído nada. Di: Mamba, lee esto.' },
  nothingTranslated: { en: "I haven't translated anything yet.", es: 'Todavía no he traducido nada.' },
  showMe: { en: 'Show me the page.', es: 'Muéstrame la página.' },
  welcome: { en: "You're welcome.", es: 'De nada.' },
  stopped: { en: 'OK.', es: 'Vale.' },
  notUnderstood: { en: "Sorry, I didn't understand that.", es: 'Perdona, no te he entendido.' },
  notCaught: { en: "Sorry, I didn't catch that.", es: 'Perdona, no lo he oído bien.' },
  didYouMean: { en: 'Did you mean: %s?', es: '¿Querías decir: %s?' },
  nothingToTranslate: { en: 'What should I translate?', es: '¿Qué traduzco?' },
  noText: { en: "I couldn't find any text.", es: 'No he encontrado texto.' },
} as const;

export type PhraseKey = keyof typeof PHRASES;
export function phrase(key: PhraseKey, lang: Lang): string {
  return PHRASES[key][lang];
}
