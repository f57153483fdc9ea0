import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeIco, ICON_FILES, pngSize, renderPng } from './make-icons';

const root = join(__dirname, '..');
const svg = readFileSync(join(root, 'app', 'icon.svg'));

interface IcoEntry {
  width: number;
  height: number;
  bitsPerPixel: number;
  size: number;
  offset: number;
}

/** Reads an ICO back the way a browser does: header, directory, then each image where it says. */
function parseIco(ico: Buffer): { type: number; entries: IcoEntry[] } {
  expect(ico.readUInt16LE(0)).toBe(0);
  const count = ico.readUInt16LE(4);
  const entries = Array.from({ length: count }, (_, index) => {
    const at = 6 + 16 * index;
    return {
      width: ico.readUInt8(at) || 256,
      height: ico.readUInt8(at + 1) || 256,
      bitsPerPixel: ico.readUInt16LE(at + 6),
      size: ico.readUInt32LE(at + 8),
      offset: ico.readUInt32LE(at + 12),
    };
  });
  return { type: ico.readUInt16LE(2), entries };
}

describe('the ICO writer', () => {
  it('writes a header, a directory entry per image and each PNG where its entry points', async () => {
    const pngs = await Promise.all([32, 16].map((size) => renderPng(svg, size)));
    const ico = encodeIco(pngs);
    const { type, entries } = parseIco(ico);

    expect(type).toBe(1);
    expect(entries.map(({ width, height }) => [width, height])).toEqual([
      [32, 32],
      [16, 16],
    ]);
    // The images follow the directory back to back and end the file.
    expect(entries[0]?.offset).toBe(6 + 16 * 2);
    expect(entries[1]?.offset).toBe((entries[0]?.offset ?? 0) + (entries[0]?.size ?? 0));
    expect((entries[1]?.offset ?? 0) + (entries[1]?.size ?? 0)).toBe(ico.length);

    for (const [index, entry] of entries.entries()) {
      const payload = ico.subarray(entry.offset, entry.offset + entry.size);
      expect(payload.equals(pngs[index] ?? Buffer.alloc(0))).toBe(true);
      expect(pngSize(payload)).toEqual({ width: entry.width, height: entry.height });
      const decoded = await sharp(payload).metadata();
      expect([decoded.format, decoded.width, decoded.height, decoded.channels]).toEqual(['png', entry.width, entry.height, 4]);
      expect(entry.bitsPerPixel).toBe(32);
    }
  });

  it('writes 256 as 0 and refuses what the format cannot hold', async () => {
    const big = await renderPng(svg, 256);
    expect(parseIco(encodeIco([big])).entries[0]).toMatchObject({ width: 256, height: 256 });
    expect(encodeIco([big]).readUInt8(6)).toBe(0);
    await expect(renderPng(svg, 257).then((png) => encodeIco([png]))).rejects.toThrow('at most 256×256');
    expect(() => encodeIco([])).toThrow('1 to 65535 images');
    expect(() => encodeIco([Buffer.from('GIF89a not a png at all')])).toThrow('not a PNG');
  });
});

describe('the rendered icons', () => {
  it('are the asked size; the opaque ones have no alpha channel and the maskable one keeps the drawing inside its safe zone', async () => {
    const apple = await sharp(await renderPng(svg, 180, { background: '#8a3b12' })).metadata();
    expect([apple.width, apple.height, apple.hasAlpha]).toEqual([180, 180, false]);

    const maskable = await renderPng(svg, 512, { background: '#8a3b12', scale: 0.8 });
    const { data, info } = await sharp(maskable).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([512, 512, 3]);
    // The mark's light letter never reaches outside the central circle of 80% diameter, where launchers may crop.
    let farthest = 0;
    for (let y = 0; y < 512; y += 1) {
      for (let x = 0; x < 512; x += 1) {
        if ((data[(y * 512 + x) * 3] ?? 0) > 0xc0) farthest = Math.max(farthest, Math.hypot(x + 0.5 - 256, y + 0.5 - 256));
      }
    }
    expect(farthest).toBeGreaterThan(0);
    expect(farthest).toBeLessThan(0.4 * 512);
  });
});

describe('the committed icons', () => {
  it.each(Object.entries(ICON_FILES))('%s is there at its sizes (npm run icons writes it)', (path, spec) => {
    const bytes = readFileSync(join(root, path));
    if ('ico' in spec) {
      expect(parseIco(bytes).entries.map((entry) => pngSize(bytes.subarray(entry.offset, entry.offset + entry.size)))).toEqual(
        spec.ico.map((size) => ({ width: size, height: size })),
      );
    } else {
      expect(pngSize(bytes)).toEqual({ width: spec.size, height: spec.size });
    }
  });
});
