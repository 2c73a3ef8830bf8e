/** Mamba speaks ISO 639-1 ('en'); Tesseract names its data with 639-2 ('eng'). Accept either. */
const TO_TESSERACT: Record<string, string> = {
  en: 'eng', es: 'spa', fr: 'fra', pt: 'por', it: 'ita', de: 'deu', ca: 'cat', gl: 'glg', eu: 'eus', eo: 'epo',
};

export function toTesseractLanguages(langs: string[] | undefined): string[] {
  const out = (langs && langs.length ? langs : ['en', 'es']).map((l) => TO_TESSERACT[l.toLowerCase()] ?? l.toLowerCase());
  return [...new Set(out)];
}
