/** Photo decoding bounds and bad input: real sharp, no OCR. */
import sharp from 'sharp';
import { decodeGreyImage, MAX_IMAGE_PIXELS } from '../../../../src/main/platform/greyImage';
import { MambaError } from '../../../../src/shared/errors';
import { pngClaiming } from '../../../fixtures/pngClaiming';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    expect(e).toBeInstanceOf(MambaError);
    expect((e as MambaError).fix).toBeTruthy();
    return (e as MambaError).code;
  }
}

describe('decodeGreyImage bounds', () => {
  test('empty bytes and non-image bytes are BAD_INPUT', async () => {
    expect(await codeOf(decodeGreyImage(new Uint8Array(0), 1600))).toBe('BAD_INPUT');
    expect(await codeOf(decodeGreyImage(Buffer.from('{"strokes": []} not a photo'), 1600))).toBe('BAD_INPUT');
  });

  test('a 0x0 image is BAD_INPUT', async () => {
    expect(await codeOf(decodeGreyImage(pngClaiming(0, 0), 1600))).toBe('BAD_INPUT');
  });

  test('a 20000x20000 image is refused as TOO_LARGE from its header, before decoding', async () => {
    const p = decodeGreyImage(pngClaiming(20000, 20000), 1600);
    await expect(p).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('20000x20000') });
    expect(20000 * 20000).toBeGreaterThan(MAX_IMAGE_PIXELS);
  });

  test('a truncated JPEG is BAD_INPUT, not a crash', async () => {
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    expect(await codeOf(decodeGreyImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 1600))).toBe('BAD_INPUT');
  });

  test('a large photo is reduced to the working size, with the scale back to the original', async () => {
    const jpeg = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#c0c0c0' } })
      .jpeg()
      .toBuffer();
    const d = await decodeGreyImage(jpeg, 1600);
    expect([d.grey.width, d.grey.height]).toEqual([1600, 1200]);
    expect([d.width, d.height]).toEqual([4000, 3000]);
    expect(d.scale).toBeCloseTo(2.5, 5);
    expect(d.grey.data.length).toBe(1600 * 1200);
  });

  test('EXIF orientation is applied (a portrait phone photo stays portrait)', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const d = await decodeGreyImage(jpeg, 1600);
    expect([d.grey.width, d.grey.height]).toEqual([200, 300]);
  });
});
