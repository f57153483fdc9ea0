import sharp from 'sharp';
import { ImageRejected, processImage } from './process';
import { IMAGE_LIMITS } from './rules';

const gps = {
  IFD0: { Copyright: 'Someone', Make: 'PhoneCo' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 20/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '18/1 4/1 0/1' },
};

function photo(format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif', width = 40, height = 30) {
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .toFormat(format)
    .withExif(gps)
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
    .toBuffer();
}

test.each(['jpeg', 'png', 'webp', 'avif'] as const)('a %s keeps its format and size and loses its EXIF (GPS included) and XMP', async (format) => {
  const input = await photo(format);
  const before = await sharp(input).metadata();
  expect(before.exif).toBeDefined(); // the fixture really carries the metadata

  const output = await processImage(input);
  const after = await sharp(output.data).metadata();
  expect(after.format).toBe(format === 'avif' ? 'heif' : format);
  expect([output.width, output.height]).toEqual([40, 30]);
  expect(after.exif).toBeUndefined();
  expect(after.xmp).toBeUndefined();
  expect(output.data.includes(Buffer.from('PhoneCo'))).toBe(false);
});

test('the bytes decide the format, not the name or the declared type', async () => {
  const output = await processImage(await photo('png'));
  expect(output).toMatchObject({ contentType: 'image/png', extension: 'png' });
});

test('a photo taken sideways is turned upright before its orientation tag is dropped', async () => {
  const sideways = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3c3' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const output = await processImage(sideways);
  expect([output.width, output.height]).toEqual([30, 40]);
  expect((await sharp(output.data).metadata()).orientation).toBeUndefined();
});

test('an animated GIF keeps its frames and reports the size of one frame', async () => {
  const frames = await Promise.all(
    ['#f00', '#0f0', '#00f'].map((background) =>
      sharp({ create: { width: 20, height: 10, channels: 3, background } })
        .raw()
        .toBuffer(),
    ),
  );
  // Three frames stacked, with pageHeight: sharp writes them as a three-frame animation.
  const animated = await sharp(Buffer.concat(frames), { raw: { width: 20, height: 30, channels: 3, pageHeight: 10 } })
    .gif({ delay: [100, 100, 100] })
    .toBuffer();
  const output = await processImage(animated);
  expect([output.width, output.height]).toEqual([20, 10]);
  expect((await sharp(output.data, { animated: true }).metadata()).pages).toBe(3);
});

test('what is not an accepted image is refused with a message for the author', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="5" height="5"/></svg>';
  await expect(processImage(Buffer.from(svg))).rejects.toThrow(/SVG format are not accepted/);
  await expect(processImage(Buffer.from('GIF89a not really'))).rejects.toThrow(ImageRejected);
  await expect(processImage(Buffer.from('just text'))).rejects.toThrow(/not a readable image/);
  const tiff = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
    .tiff()
    .toBuffer();
  await expect(processImage(tiff)).rejects.toThrow(/TIFF format are not accepted/);
});

test('a picture larger than 40 megapixels is refused before it is decoded', async () => {
  // A PNG header claiming 10,000 × 5,000 pixels: cheap to make, and refused from its header alone.
  const huge = await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: '#000' } })
    .png({ compressionLevel: 9 })
    .toBuffer();
  await expect(processImage(huge)).rejects.toThrow(/10000 × 5000 pixels/);
});

test('a damaged image is refused, not half-processed', async () => {
  const whole = await photo('jpeg', 200, 200);
  await expect(processImage(whole.subarray(0, Math.floor(whole.length / 2)))).rejects.toThrow(ImageRejected);
});

test('a large photo is scaled down to 2,560 pixels on its longest side, keeping its proportions', async () => {
  const output = await processImage(await photo('jpeg', 4000, 3000));
  expect([output.width, output.height]).toEqual([2560, 1920]);
});

test('an animation is limited by the pixels of all its frames together, with a message that says so', async () => {
  // Limits scaled down (a real-sized animation takes seconds to encode): each frame is allowed, together they are not.
  const frames = await Promise.all(
    ['#f00', '#0f0', '#00f', '#ff0'].map((background) =>
      sharp({ create: { width: 20, height: 10, channels: 3, background } })
        .raw()
        .toBuffer(),
    ),
  );
  const animation = await sharp(Buffer.concat(frames), { raw: { width: 20, height: 40, channels: 3, pageHeight: 10 } })
    .gif()
    .toBuffer();
  expect((await sharp(animation).metadata()).pages).toBe(4);
  const limits = { ...IMAGE_LIMITS, animationPixels: 600 };
  await expect(processImage(animation, limits)).rejects.toThrow('This animation is 20 × 10 pixels × 4 frames; at most 0 megapixels in all are accepted.');
  await expect(processImage(animation, { ...limits, animationPixels: 800 })).resolves.toMatchObject({ width: 20, height: 10 });
});
