import zlib from 'node:zlib';

/** Just enough PNG reading to check an app icon: the header, and the pixels of an 8-bit RGBA image. */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 2 = RGB, 6 = RGBA (the others do not occur here). */
  colorType: number;
  interlace: number;
}

interface Chunk {
  type: string;
  data: Buffer;
}

function readChunks(png: Buffer): Chunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  const chunks: Chunk[] = [];
  let pos = 8;
  while (pos + 8 <= png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    chunks.push({ type, data: png.subarray(pos + 8, pos + 8 + length) });
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

export function readPngHeader(png: Buffer): PngHeader {
  const ihdr = readChunks(png)[0];
  if (ihdr?.type !== 'IHDR') throw new Error('PNG without IHDR as first chunk');
  return {
    width: ihdr.data.readUInt32BE(0),
    height: ihdr.data.readUInt32BE(4),
    bitDepth: ihdr.data[8]!,
    colorType: ihdr.data[9]!,
    interlace: ihdr.data[12]!,
  };
}

/** The pixels of an 8-bit, non-interlaced RGBA PNG, as rows of [r, g, b, a, r, g, b, a, ...]. */
export function decodeRgba(png: Buffer): Uint8Array[] {
  const header = readPngHeader(png);
  if (header.bitDepth !== 8 || header.colorType !== 6 || header.interlace !== 0) {
    throw new Error(`only 8-bit non-interlaced RGBA is decoded here (got depth ${header.bitDepth}, colour type ${header.colorType})`);
  }
  const raw = zlib.inflateSync(Buffer.concat(readChunks(png).filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const bpp = 4;
  const stride = header.width * bpp;
  const rows: Uint8Array[] = [];
  let prev = new Uint8Array(stride);
  for (let y = 0; y < header.height; y++) {
    const offset = y * (stride + 1);
    const filter = raw[offset]!;
    const line = Uint8Array.from(raw.subarray(offset + 1, offset + 1 + stride));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? line[x - bpp]! : 0;
      const b = prev[x]!;
      const c = x >= bpp ? prev[x - bpp]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x]! + predictor) & 0xff;
    }
    rows.push(line);
    prev = line;
  }
  return rows;
}
