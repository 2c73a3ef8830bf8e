/**
 * Offline translation (Apertium, warm pipeline per pair) and language identification.
 * Entry points are documented in docs/engines.md and docs/translate-and-speak.md.
 */
export { createTranslator, QUALITY_NOTE, MAX_TEXT_CHARS } from './translator';
export type { Translator, TranslatorOptions, TranslationPair, TranslationResult } from './translator';
export { detectLanguage } from '../../platform/languageId';
export { identifyLanguage } from './dictionaryCheck';
export type { DetectedLanguage } from '../../platform/languageId';
export { discoverModes, defaultDataDirs } from './modes';
export type { ApertiumMode } from './modes';
export { WarmApertium } from './warmApertium';
export { translateCold } from './coldApertium';
export { debianPackageFor, languageName, normaliseLanguage } from '../../platform/languages';
