/** Accents and Spanish punctuation the pad offers because the models cannot read them. */
import { ACCENT_PALETTE, accentVariants, isAccentPick, matchCase, plainOf, spanishAccentedForms } from '../../../src/shared/accents';

test('per-character variants keep the case; punctuation gets its inverted form', () => {
  expect(accentVariants('n')).toEqual(['ñ']);
  expect(accentVariants('N')).toEqual(['Ñ']);
  expect(accentVariants('a')[0]).toBe('á');
  expect(accentVariants('E')[0]).toBe('É');
  expect(accentVariants('?')).toEqual(['¿']);
  expect(accentVariants('!')).toEqual(['¡']);
  expect(accentVariants('t')).toEqual([]);
});

test('plainOf undoes them', () => {
  for (const [a, p] of [['ñ', 'n'], ['Á', 'A'], ['ü', 'u'], ['¿', '?'], ['¡', '!'], ['x', 'x']]) expect(plainOf(a)).toBe(p);
  for (const c of ACCENT_PALETTE) expect(plainOf(c)).not.toBe(c);
});

test('Spanish words get their accented spelling in the same case pattern', () => {
  expect(spanishAccentedForms('nino')).toEqual(['niño']);
  expect(spanishAccentedForms('Nino')).toEqual(['Niño']);
  expect(spanishAccentedForms('NINO')).toEqual(['NIÑO']);
  expect(spanishAccentedForms('cat')).toEqual([]);
  expect(matchCase('hello', 'HI')).toBe('HELLO');
  expect(matchCase('hello', 'Hi')).toBe('Hello');
  expect(matchCase('hello', 'hi')).toBe('hello');
});

test('an accent pick keeps the letter (n -> ñ, a read as lower case -> Á, ? -> ¿); another letter is a correction', () => {
  expect(isAccentPick('ñ', 'n')).toBe(true);
  expect(isAccentPick('Ñ', 'N')).toBe(true);
  expect(isAccentPick('Á', 'a')).toBe(true);
  expect(isAccentPick('¿', '?')).toBe(true);
  expect(isAccentPick('m', 'n')).toBe(false);
  expect(isAccentPick('é', 'a')).toBe(false);
});
