/** How committed words join the pad's line, and what the translator gets. */
import { appendToLine, dropLastWord, forTranslation } from '../../../../src/renderer/pad/lineText';

test('words join with one space; none before . , ? ! or after ¿ ¡', () => {
  expect(appendToLine('', 'cat')).toBe('cat');
  expect(appendToLine('the', 'cat')).toBe('the cat');
  expect(appendToLine('the  ', ' cat ')).toBe('the cat');
  expect(appendToLine('the cat', '?')).toBe('the cat?');
  expect(appendToLine('hola', '¿')).toBe('hola ¿');
  expect(appendToLine('hola ¿', 'que')).toBe('hola ¿que');
  expect(appendToLine('hola', '  ')).toBe('hola');
});

test('Backspace on an empty pad takes back the last word', () => {
  expect(dropLastWord('the big cat')).toBe('the big');
  expect(dropLastWord('cat ')).toBe('');
  expect(dropLastWord('')).toBe('');
});

test('words in capitals go to the translator in small letters (Apertium keeps capitals as names); I stays', () => {
  expect(forTranslation('CAT')).toBe('cat');
  expect(forTranslation('I SEE THE Cat')).toBe('I see the Cat');
  expect(forTranslation('NIÑO')).toBe('niño');
});
