/** Validation messages a user reads (issue 13.10). */
import { LIMITS, validateRequest } from '../../../src/shared/contract';
import { MambaError } from '../../../src/shared/errors';
import { num } from '../../../src/shared/validate';

function message(f: () => unknown): MambaError {
  try {
    f();
  } catch (e) {
    return e as MambaError;
  }
  throw new Error('expected a validation error');
}

test('a missing number says so (not "got a undefined"); NaN is named', () => {
  expect(message(() => num({})(undefined, 'x')).message).toMatch(/x must be a finite number, got nothing \(the field is missing\)/);
  expect(message(() => num({})(undefined, 'x')).message).not.toMatch(/a undefined/);
  expect(message(() => num({})(NaN, 'x')).message).toMatch(/got NaN/);
});

test('an image just over the base64 limit says by how much, not "15.0 MB (max 15.0 MB)"', () => {
  const over = 'A'.repeat(LIMITS.imageBase64Chars + 4);
  const e = message(() => validateRequest('ocr.readThis', { imageBase64: over }));
  expect(e.code).toBe('TOO_LARGE');
  expect(e.message).not.toMatch(/15\.0 MB of base64 \(max 15\.0 MB\)/);
  expect(e.message).toContain((LIMITS.imageBase64Chars + 4).toLocaleString('en-US'));
  const far = 'A'.repeat(LIMITS.imageBase64Chars + 2 * 1048576);
  expect(message(() => validateRequest('ocr.readThis', { imageBase64: far })).message).toMatch(/17\.0 MB of base64 \(max 15\.0 MB\)/);
});
