/**
 * Language codes and Debian package names for Apertium.
 * Apertium names modes with ISO 639-3 ('eng-spa') in newer packages and ISO 639-1 ('fr-es') in
 * older ones; the app speaks ISO 639-1 everywhere, so both are mapped here.
 */
import { MambaError } from '../../shared/errors';
import type { LanguageCode } from '../../shared/types';

/** ISO 639-3 (and a few legacy Apertium spellings) -> the code the app uses (ISO 639-1 where one exists). */
const ISO3_TO_APP: Record<string, LanguageCode> = {
  afr: 'af', arg: 'an', ast: 'ast', bel: 'be', bul: 'bg', cat: 'ca', dan: 'da', deu: 'de', eng: 'en',
  epo: 'eo', eus: 'eu', fra: 'fr', frp: 'frp', glg: 'gl', hbs: 'hbs', hin: 'hi', ind: 'id', isl: 'is',
  ita: 'it', mkd: 'mk', nld: 'nl', nno: 'nn', nob: 'nb', nor: 'no', oci: 'oc', pol: 'pl', por: 'pt',
  ron: 'ro', rus: 'ru', slv: 'sl', spa: 'es', srd: 'sc', swe: 'sv', szl: 'szl', ukr: 'uk', urd: 'ur',
  zlm: 'ms',
};

/** A code from a mode name ('eng', 'en', 'es') -> the app's code, or undefined when it is not a language. */
export function appLanguageCode(code: string): LanguageCode | undefined {
  const c = code.toLowerCase();
  if (ISO3_TO_APP[c]) return ISO3_TO_APP[c];
  if (/^[a-z]{2}$/.test(c)) return c;
  return undefined;
}

/** 'EN', 'en-US', 'eng' -> 'en'; anything that is not a language tag is a usage error. */
export function normaliseLanguage(code: string): LanguageCode {
  const m = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i.exec(code.trim());
  const lang = m ? appLanguageCode(m[1]) : undefined;
  if (!lang) throw new MambaError('BAD_INPUT', `'${code}' is not a language code`, "use ISO codes such as 'en', 'es', 'fr'");
  return lang;
}

export { languageName } from '../../shared/languageNames';

/**
 * Debian packages that provide each pair (both directions unless noted). From `apt-cache search apertium`
 * on Debian 13; used only to tell the user what to install.
 */
const DEBIAN_PACKAGES: { pkg: string; a: LanguageCode; b: LanguageCode }[] = [
  { pkg: 'apertium-eng-spa', a: 'en', b: 'es' },
  { pkg: 'apertium-eng-cat', a: 'en', b: 'ca' },
  { pkg: 'apertium-en-gl', a: 'en', b: 'gl' },
  { pkg: 'apertium-eo-en', a: 'eo', b: 'en' },
  { pkg: 'apertium-eu-en', a: 'eu', b: 'en' },
  { pkg: 'apertium-isl-eng', a: 'is', b: 'en' },
  { pkg: 'apertium-hbs-eng', a: 'hbs', b: 'en' },
  { pkg: 'apertium-mkd-eng', a: 'mk', b: 'en' },
  { pkg: 'apertium-fr-es', a: 'fr', b: 'es' },
  { pkg: 'apertium-es-pt', a: 'es', b: 'pt' },
  { pkg: 'apertium-spa-ita', a: 'es', b: 'it' },
  { pkg: 'apertium-es-ro', a: 'es', b: 'ro' },
  { pkg: 'apertium-spa-cat', a: 'es', b: 'ca' },
  { pkg: 'apertium-es-gl', a: 'es', b: 'gl' },
  { pkg: 'apertium-spa-ast', a: 'es', b: 'ast' },
  { pkg: 'apertium-spa-arg', a: 'es', b: 'an' },
  { pkg: 'apertium-oc-es', a: 'oc', b: 'es' },
  { pkg: 'apertium-eo-es', a: 'eo', b: 'es' },
  { pkg: 'apertium-eu-es', a: 'eu', b: 'es' },
  { pkg: 'apertium-eo-fr', a: 'eo', b: 'fr' },
  { pkg: 'apertium-fra-cat', a: 'fr', b: 'ca' },
  { pkg: 'apertium-oci-fra', a: 'oc', b: 'fr' },
  { pkg: 'apertium-por-cat', a: 'pt', b: 'ca' },
  { pkg: 'apertium-pt-gl', a: 'pt', b: 'gl' },
  { pkg: 'apertium-cat-ita', a: 'ca', b: 'it' },
];

/** The Debian package that provides from->to directly, if there is one. */
export function debianPackageFor(from: LanguageCode, to: LanguageCode): string | undefined {
  return DEBIAN_PACKAGES.find((p) => (p.a === from && p.b === to) || (p.a === to && p.b === from))?.pkg;
}
