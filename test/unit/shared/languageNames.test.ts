/** Language names come from Intl.DisplayNames (CLDR), with one override for an Apertium code. */
import { languageName } from '../../../src/shared/languageNames';

test('names of the codes the app offers and Apertium uses', () => {
  expect(['en', 'es', 'fr', 'ca', 'gl', 'eo', 'oc', 'ast', 'an'].map(languageName)).toEqual([
    'English', 'Spanish', 'French', 'Catalan', 'Galician', 'Esperanto', 'Occitan', 'Asturian', 'Aragonese',
  ]);
  expect(languageName('hbs')).toBe('Serbo-Croatian');
});

test('an unknown or malformed code comes back as it is', () => {
  expect(languageName('qqx')).toBe('qqx');
  expect(languageName('not a tag')).toBe('not a tag');
});
