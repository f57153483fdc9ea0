// `npm run icons`: rewrites the favicon, the Apple touch icon and the web manifest's icons from
// app/icon.svg, the one drawing of Folio's mark. Run it after changing that file and commit the output.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/** The light palette's accent (app/globals.css): the mark's own background colour. */
export const ACCENT = '#8a3b12';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ICO_HEADER_BYTES = 6;
const ICO_ENTRY_BYTES = 16;

/** Width and height from a PNG's IHDR chunk, which the format puts first. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * An ICO file holding the given PNGs as they are: a 6-byte header, a 16-byte directory entry per
 * image, then the images. Every browser (and Windows since Vista) reads PNG entries, which are far
 * smaller than the bitmap ones. Sizes above 256 do not fit the format; 256 is written as 0.
 */
export function encodeIco(pngs: readonly Buffer[]): Buffer {
  if (pngs.length === 0 || pngs.length > 0xffff) throw new Error(`an ICO holds 1 to 65535 images, not ${pngs.length}`);
  const header = Buffer.alloc(ICO_HEADER_BYTES + ICO_ENTRY_BYTES * pngs.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be a cursor)
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach((png, index) => {
    const { width, height } = pngSize(png);
    if (width > 256 || height > 256) throw new Error(`an ICO image is at most 256×256, not ${width}×${height}`);
    const entry = ICO_HEADER_BYTES + ICO_ENTRY_BYTES * index;
    header.writeUInt8(width % 256, entry);
    header.writeUInt8(height % 256, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs]);
}

export interface RenderOptions {
  /** Fill behind the drawing: for icons that must be opaque (Apple's, maskable ones). */
  background?: string;
  /** Share of the side the drawing takes, centred; the rest is background. */
  scale?: number;
}

/** The SVG as a `size`×`size` PNG, rasterized at that size (not scaled down from a bitmap). */
export async function renderPng(svg: Buffer, size: number, { background, scale = 1 }: RenderOptions = {}): Promise<Buffer> {
  const inner = Math.round(size * scale);
  const { width = inner } = await sharp(svg).metadata();
  const drawing = await sharp(svg, { density: (72 * inner) / width })
    .resize(inner, inner)
    .png()
    .toBuffer();
  const pad = Math.floor((size - inner) / 2);
  const canvas = await sharp({ create: { width: size, height: size, channels: 4, background: background ?? { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: drawing, left: pad, top: pad }])
    .png()
    .toBuffer();
  // Opaque icons drop their alpha channel (Apple shows transparency as black); sharp composites
  // after flattening, hence a second pass.
  return (background ? sharp(canvas).flatten({ background }) : sharp(canvas)).png({ compressionLevel: 9 }).toBuffer();
}

/** An ICO of PNGs at these sizes, or one PNG. */
export type IconFile = { ico: readonly number[] } | ({ size: number } & RenderOptions);

/** Every file this script writes, relative to the repository, and how it is drawn. */
export const ICON_FILES: Readonly<Record<string, IconFile>> = {
  'app/favicon.ico': { ico: [32, 16] },
  'app/apple-icon.png': { size: 180, background: ACCENT },
  'public/icons/icon-192.png': { size: 192 },
  'public/icons/icon-512.png': { size: 512 },
  // Maskable: launchers crop to any shape inside the central circle of 80% diameter, so the
  // drawing is shrunk to that circle's square on a full-bleed background of its own colour.
  'public/icons/icon-maskable-512.png': { size: 512, background: ACCENT, scale: 0.8 },
};

async function main() {
  const root = join(__dirname, '..');
  const svg = readFileSync(join(root, 'app', 'icon.svg'));
  for (const [path, spec] of Object.entries(ICON_FILES)) {
    const bytes = 'ico' in spec ? encodeIco(await Promise.all(spec.ico.map((size) => renderPng(svg, size)))) : await renderPng(svg, spec.size, spec);
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
    console.log(`${path}: ${bytes.length} bytes`);
  }
}

// Run as a script (tsx); imported by its test, it only exports.
if (require.main === module) void main();
