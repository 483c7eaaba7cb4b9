/**
 * Reads GPSVC logs from disk: the only GPSVC code that does I/O.
 * `summarizeGpsvcFile` streams a file of any size in constant memory; `readGpsvcText` reads a
 * small one whole (for the editor and `parseGpsvc`).
 */
import * as fs from 'node:fs';
import { TextDecoder } from 'node:util';
import * as iconv from 'iconv-lite';
import { decode, detectEncoding } from '../parse/encoding';
import type { GpsvcSummarizerOptions, GpsvcSummary } from '../parse/gpsvcSummary';
import { GpsvcSummarizer } from '../parse/gpsvcSummary';
import { gpsvcAbortError } from './abort';

export interface SummarizeGpsvcFileOptions extends GpsvcSummarizerOptions {
  /** Forces the encoding (`utf16le`, `utf8`, `cp850`...); detected from the first bytes otherwise. */
  encoding?: string;
  onProgress?(bytesRead: number, total: number): void;
  signal?: AbortSignal;
  /** Read size; large reads keep the per-chunk overhead low. Default 4 MiB. */
  chunkBytes?: number;
}

/** Streaming bytes-to-text with the state a chunk boundary needs (odd byte, split UTF-8 sequence). */
interface ChunkDecoder {
  /** Decodes and hands the text to `sink`, possibly in several pieces. */
  write(bytes: Buffer, sink: (text: string) => void): void;
  end(): string;
}

/**
 * Text is handed on in pieces of at most this many bytes: strings that small live in V8's young
 * generation and die cheaply, where 1 MB strings would pile up as external memory (RSS).
 */
const PIECE_BYTES = 64 * 1024;

/**
 * UTF-16LE through Buffer#toString, the fastest decoder Node has; an odd trailing byte is carried
 * to the next chunk. A surrogate pair split between chunks needs nothing: the summarizer joins
 * text across chunks, which rebuilds the pair.
 */
class Utf16leDecoder implements ChunkDecoder {
  private odd: Buffer | null = null;

  write(bytes: Buffer, sink: (text: string) => void): void {
    let buf = bytes;
    if (this.odd) {
      sink(Buffer.from([this.odd[0], bytes[0] ?? 0]).toString('utf16le'));
      this.odd = null;
      buf = bytes.subarray(1);
    }
    if (buf.length % 2 === 1) {
      this.odd = Buffer.from(buf.subarray(buf.length - 1));
      buf = buf.subarray(0, buf.length - 1);
    }
    for (let at = 0; at < buf.length; at += PIECE_BYTES) {
      sink(buf.toString('utf16le', at, Math.min(buf.length, at + PIECE_BYTES)));
    }
  }

  end(): string {
    // A dangling odd byte is not a character: report it as U+FFFD like other decoders.
    return this.odd ? '\ufffd' : '';
  }
}

class TextDecoderAdapter implements ChunkDecoder {
  private readonly decoder: TextDecoder;

  constructor(label: string) {
    this.decoder = new TextDecoder(label);
  }

  write(bytes: Buffer, sink: (text: string) => void): void {
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
      sink(this.decoder.decode(bytes.subarray(at, Math.min(bytes.length, at + PIECE_BYTES)), { stream: true }));
    }
  }

  end(): string {
    return this.decoder.decode();
  }
}

class IconvDecoder implements ChunkDecoder {
  private readonly decoder: ReturnType<typeof iconv.getDecoder>;

  constructor(encoding: string) {
    this.decoder = iconv.getDecoder(encoding);
  }

  write(bytes: Buffer, sink: (text: string) => void): void {
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
      sink(this.decoder.write(bytes.subarray(at, Math.min(bytes.length, at + PIECE_BYTES))));
    }
  }

  end(): string {
    return this.decoder.end() ?? '';
  }
}

function decoderFor(encoding: string): ChunkDecoder {
  const e = encoding.toLowerCase().replace(/[-_]/g, '');
  if (e === 'utf16le' || e === 'ucs2' || e === 'utf16') {
    return new Utf16leDecoder();
  }
  if (e === 'utf8') {
    return new TextDecoderAdapter('utf-8');
  }
  return new IconvDecoder(iconv.encodingExists(encoding) ? encoding : 'utf8');
}

/**
 * Streams a GPSVC log (UTF-16LE with or without BOM, UTF-8, or an OEM code page) into a summary.
 * Reads into one reused buffer (no stream objects, little garbage): memory stays flat on 1 GB files.
 */
export async function summarizeGpsvcFile(path: string, options: SummarizeGpsvcFileOptions = {}): Promise<GpsvcSummary> {
  const { signal } = options;
  if (signal?.aborted) {
    throw gpsvcAbortError(signal);
  }
  const handle = await fs.promises.open(path, 'r');
  try {
    const total = (await handle.stat()).size;
    const summarizer = new GpsvcSummarizer(options);
    const push = (text: string): void => summarizer.push(text);
    // Even: UTF-16LE reads then never split a character (the summarizer copes if they do).
    const size = Math.max(4096, (options.chunkBytes ?? 4 << 20) & ~1);
    let encoding: string | null = null;
    if (options.encoding) {
      encoding = options.encoding;
    } else if (total > 0) {
      // The encoding decides where the bytes are read to: sniff the first bytes once.
      const head = Buffer.alloc(Math.min(total, 4096));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      encoding = detectEncoding(head.subarray(0, bytesRead), {});
    }
    const utf16 = encoding !== null && normalized(encoding) === 'utf16le';
    // Two buffers: the next read runs in the thread pool while this chunk is scanned. UTF-16LE is
    // read straight into the byte scanner's memory and scanned without decoding.
    const buffers = utf16 ? summarizer.utf16leReadBuffers(2, size) : [new Uint8Array(size), new Uint8Array(size)];
    let current = 0;
    let position = 0;
    let pending = handle.read(buffers[current], 0, size, position);
    let decoder: ChunkDecoder | null = null;
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: n } = await pending;
      if (signal?.aborted) {
        throw gpsvcAbortError(signal);
      }
      if (n <= 0) {
        break;
      }
      position += n;
      const filled = buffers[current];
      // Start the next read before scanning: scanning `filled` must finish before it is reused.
      current = 1 - current;
      pending = handle.read(buffers[current], 0, size, position);
      if (utf16) {
        summarizer.pushUtf16le(bytesRead === 0 ? skipBomBytes(filled.subarray(0, n), 'utf16le') : filled.subarray(0, n));
      } else {
        let bytes = Buffer.from(filled.buffer, filled.byteOffset, n);
        if (!decoder) {
          const enc = encoding ?? detectEncoding(bytes, {});
          bytes = skipBom(bytes, enc);
          decoder = decoderFor(enc);
        }
        decoder.write(bytes, push);
      }
      bytesRead += n;
      options.onProgress?.(bytesRead, total);
    }
    if (decoder) {
      summarizer.push(decoder.end());
    }
    return summarizer.end();
  } finally {
    await handle.close();
  }
}

function normalized(encoding: string): string {
  const e = encoding.toLowerCase().replace(/[-_]/g, '');
  return e === 'ucs2' || e === 'utf16' ? 'utf16le' : e;
}

function skipBomBytes(bytes: Uint8Array, encoding: string): Uint8Array {
  return normalized(encoding) === 'utf16le' && bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2) : bytes;
}

function skipBom(bytes: Buffer, encoding: string): Buffer {
  const e = encoding.toLowerCase().replace(/[-_]/g, '');
  if (e === 'utf8' && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3);
  }
  if (e === 'utf16le' && bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2);
  }
  return bytes;
}

/** A small GPSVC log as text (BOM removed, encoding detected as for `summarizeGpsvcFile`). */
export async function readGpsvcText(path: string, options: { encoding?: string } = {}): Promise<string> {
  const bytes = await fs.promises.readFile(path);
  return decode(bytes, options.encoding ? { encoding: options.encoding } : {}).text;
}
