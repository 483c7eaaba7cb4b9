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

export interface SummarizeGpsvcFileOptions extends GpsvcSummarizerOptions {
  /** Forces the encoding (`utf16le`, `utf8`, `cp850`...); detected from the first bytes otherwise. */
  encoding?: string;
  onProgress?(bytesRead: number, total: number): void;
  signal?: AbortSignal;
  /** Read size; large reads keep the per-chunk overhead low. Default 1 MiB. */
  chunkBytes?: number;
}

/** Streaming bytes-to-text with the state a chunk boundary needs (odd byte, split UTF-8 sequence). */
interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

/**
 * UTF-16LE through Buffer#toString, the fastest decoder Node has; an odd trailing byte is carried
 * to the next chunk. A surrogate pair split between chunks needs nothing: the summarizer joins
 * text across chunks, which rebuilds the pair.
 */
class Utf16leDecoder implements ChunkDecoder {
  private odd: Buffer | null = null;

  write(bytes: Buffer): string {
    let buf = bytes;
    if (this.odd) {
      buf = Buffer.concat([this.odd, bytes]);
      this.odd = null;
    }
    if (buf.length % 2 === 1) {
      this.odd = Buffer.from(buf.subarray(buf.length - 1));
      buf = buf.subarray(0, buf.length - 1);
    }
    return buf.toString('utf16le');
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

  write(bytes: Buffer): string {
    return this.decoder.decode(bytes, { stream: true });
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

  write(bytes: Buffer): string {
    return this.decoder.write(bytes);
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

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) {
    return reason;
  }
  const err = new Error('The GPSVC log summary was cancelled.');
  err.name = 'AbortError';
  return err;
}

/** Streams a GPSVC log (UTF-16LE with or without BOM, UTF-8, or an OEM code page) into a summary. */
export async function summarizeGpsvcFile(path: string, options: SummarizeGpsvcFileOptions = {}): Promise<GpsvcSummary> {
  const { signal } = options;
  if (signal?.aborted) {
    throw abortError(signal);
  }
  const total = (await fs.promises.stat(path)).size;
  const summarizer = new GpsvcSummarizer(options);
  const stream = fs.createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  let decoder: ChunkDecoder | null = null;
  let bytesRead = 0;
  const onAbort = (): void => {
    stream.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const data of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) {
        throw abortError(signal);
      }
      let bytes = data;
      if (!decoder) {
        const encoding = detectEncoding(bytes, options.encoding ? { encoding: options.encoding } : {});
        bytes = skipBom(bytes, encoding);
        decoder = decoderFor(encoding);
      }
      summarizer.push(decoder.write(bytes));
      bytesRead += data.length;
      options.onProgress?.(bytesRead, total);
    }
    if (signal?.aborted) {
      throw abortError(signal);
    }
    if (decoder) {
      summarizer.push(decoder.end());
    }
    return summarizer.end();
  } catch (err) {
    if (signal?.aborted) {
      throw abortError(signal);
    }
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
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
