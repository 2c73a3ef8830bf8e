/**
 * A language's name for messages and menus ("English", "Spanish"), from the platform's own CLDR data
 * (Intl.DisplayNames, in Node and in Chromium alike), so no table of names is kept by hand.
 */
const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** Where CLDR's answer misleads for an Apertium code. */
const OVERRIDES: Record<string, string> = { hbs: 'Serbo-Croatian' };

/** 'es' -> 'Spanish'; a code CLDR does not know comes back as it is. */
export function languageName(code: string): string {
  if (OVERRIDES[code]) return OVERRIDES[code];
  try {
    return names.of(code) ?? code;
  } catch {
    return code; // not a well-formed language tag
  }
}
