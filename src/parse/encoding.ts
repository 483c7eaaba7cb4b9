/**
 * Bytes to text the way Windows tools write them: a BOM wins; UTF-16LE without BOM is
 * recognized by its zero high bytes (gpsvc.log); valid UTF-8 is UTF-8; anything else is the
 * console's OEM code page (cp437 unless told).
 */
import * as iconv from 'iconv-lite';

/** `utf8`, `utf16le`, `utf16be` or an iconv-lite code page name (`cp850`). */
export type DetectedEncoding = string;

export interface DecodeOptions {
  /** Forces an encoding (any name iconv-lite knows: `utf16le`, `cp850`, `windows-1252`...). */
  encoding?: string;
  /** The OEM code page to fall back on, e.g. 850 or `cp850`. */
  oemCodePage?: number | string;
}

export interface Decoded {
  text: string;
  encoding: DetectedEncoding;
}

export function isKnownEncoding(name: string): boolean {
  const lower = name.toLowerCase();
  return lower in WHATWG_DBCS || iconv.encodingExists(lower);
}

export function oemName(cp: number | string | undefined): string {
  if (cp === undefined) {
    return 'cp437';
  }
  const s = String(cp).toLowerCase();
  if (/^\d+$/.test(s)) {
    return s === '65001' ? 'utf8' : s === '1200' ? 'utf16le' : `cp${s}`;
  }
  return s;
}

/** Heuristic for BOM-less UTF-16: most odd (LE) or even (BE) bytes are zero in ASCII-heavy text. */
export function sniffUtf16(buf: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const n = Math.min(buf.length - (buf.length % 2), 4096);
  if (n < 4) {
    return undefined;
  }
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) {
      zeroEven++;
    }
    if (buf[i + 1] === 0) {
      zeroOdd++;
    }
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) {
    return 'utf16le';
  }
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) {
    return 'utf16be';
  }
  return undefined;
}

export function isValidUtf8(buf: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(buf: Uint8Array, options: DecodeOptions = {}): DetectedEncoding {
  if (options.encoding) {
    return options.encoding.toLowerCase();
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return 'utf8';
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return 'utf16le';
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return 'utf16be';
  }
  const utf16 = sniffUtf16(buf);
  if (utf16) {
    return utf16;
  }
  if (isValidUtf8(buf)) {
    return 'utf8';
  }
  return oemName(options.oemCodePage);
}

/**
 * East Asian OEM code pages decode through the platform's TextDecoder (ICU): the bundle leaves
 * out iconv-lite's 400 KB of double-byte tables (see esbuild.mjs).
 */
const WHATWG_DBCS: Readonly<Record<string, string>> = {
  cp932: 'shift_jis',
  shift_jis: 'shift_jis',
  cp936: 'gbk',
  gbk: 'gbk',
  cp949: 'euc-kr',
  'euc-kr': 'euc-kr',
  cp950: 'big5',
  big5: 'big5',
};

export function decode(buf: Uint8Array, options: DecodeOptions = {}): Decoded {
  const encoding = detectEncoding(buf, options);
  const dbcs = WHATWG_DBCS[encoding];
  if (dbcs) {
    return { text: new TextDecoder(dbcs).decode(buf), encoding };
  }
  const name = iconv.encodingExists(encoding) ? encoding : 'utf8';
  // iconv-lite strips the BOM by default.
  return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), name), encoding: name };
}

export function encode(text: string, encoding: string, addBom = false): Buffer {
  return iconv.encode(text, encoding, { addBOM: addBom });
}
