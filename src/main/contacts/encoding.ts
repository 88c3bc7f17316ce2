// Which text encoding a contacts file is in, and a streaming decoder that never garbles
// silently. Chinese Excel saves "CSV" in GBK without a BOM; newer Excel saves UTF-8
// with a BOM; "Unicode text" is UTF-16 LE with a BOM. GB18030 is a superset of GBK
// and GB2312, so it stands for all three.
import type { Encoding, ImportInspection } from '../../shared/views';
import { TextDecoder } from 'node:util';
import { AppError } from '../../shared/errors';

export type EncodingReason = Exclude<ImportInspection['encodingReason'], 'xlsx'>;

export interface DetectedEncoding {
  encoding: Encoding;
  reason: EncodingReason;
  /**
   * The sample was pure ASCII, which is valid in UTF-8 and GB18030 alike: decoding
   * starts as UTF-8 and settles on the first non-ASCII bytes (see TextStream).
   */
  provisional: boolean;
}

const BOMS: { bytes: number[]; encoding: Encoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function bomOf(head: Uint8Array): Encoding | null {
  return BOMS.find((b) => b.bytes.every((byte, i) => head[i] === byte))?.encoding ?? null;
}

export function firstNonAscii(bytes: Uint8Array, from = 0): number {
  for (let i = from; i < bytes.length; i++) if (bytes[i] >= 0x80) return i;
  return -1;
}

function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    // stream: a sample cut in the middle of a character is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** `head` is the start of the file (all of it when `complete`). */
export function detectEncoding(head: Uint8Array, complete: boolean, override?: Encoding): DetectedEncoding {
  if (override) return { encoding: override, reason: 'user', provisional: false };
  const bom = bomOf(head);
  if (bom) return { encoding: bom, reason: 'bom', provisional: false };
  if (isUtf8(head, complete)) return { encoding: 'utf-8', reason: 'utf-8', provisional: firstNonAscii(head) === -1 };
  return { encoding: 'gb18030', reason: 'fallback', provisional: false };
}

/** Bytes that are not valid in the encoding being decoded, at a byte offset of the file. */
export class EncodingError extends Error {
  constructor(
    readonly encoding: Encoding,
    readonly offset: number,
    /** The text of the chunk before the bad byte: where in the rows it is. */
    readonly textBefore: string,
  ) {
    super(`invalid ${encoding} at byte ${offset}`);
  }
}

/** The user-facing error for an EncodingError met near a row of the file. */
export function encodingFailure(err: EncodingError, row: number): AppError {
  const name = err.encoding.toUpperCase();
  return new AppError(
    'import.encoding',
    {
      zh: `文件在第 ${row} 行附近（第 ${err.offset} 字节）不是有效的 ${name} 编码，为避免乱码已停止导入，列表未改动。请在“编码”中选择正确的编码（中文 Excel 保存的 CSV 通常是 GB18030/GBK）后重试，或在 Excel 中另存为“CSV UTF-8”。`,
      en: `Near row ${row} (byte ${err.offset}) the file is not valid ${name}; the import stopped rather than garble text, and the list is unchanged. Choose the right encoding (CSVs saved by Chinese Excel are usually GB18030/GBK) and retry, or save it from Excel as "CSV UTF-8".`,
    },
    { row, byteOffset: err.offset, encoding: err.encoding },
  );
}

// Below this many bytes after the first non-ASCII byte, a provisional decoder waits for
// more before deciding: a GBK character pair is valid UTF-8 by chance now and then.
const DECIDE_BYTES = 256;

/**
 * Decodes a file chunk by chunk (multi-byte characters may straddle chunks). Every
 * decoder is fatal: invalid bytes throw EncodingError, never turn into U+FFFD.
 *
 * A provisional (ASCII so far) file settles on UTF-8 when its first non-ASCII bytes
 * are valid UTF-8, else on GB18030 from that byte on. Both read ASCII the same way, so
 * the text already decoded stays right: a GBK file whose first megabytes are ASCII
 * imports correctly. Once settled, later invalid bytes fail the import clearly.
 */
export class TextStream {
  private decoder: TextDecoder;
  private provisional: boolean;
  private carry: Uint8Array | null = null;
  private carryOffset = 0;
  encoding: Encoding;

  constructor(detected: DetectedEncoding) {
    this.encoding = detected.encoding;
    this.provisional = detected.provisional;
    this.decoder = new TextDecoder(detected.encoding, { fatal: true });
  }

  /** `offset`: where `bytes` start in the file, for the error. `last`: no more bytes follow. */
  decode(bytes: Uint8Array, offset: number, last = false): string {
    if (this.carry) {
      bytes = concat(this.carry, bytes);
      offset = this.carryOffset;
      this.carry = null;
    }
    if (this.provisional) return this.settle(bytes, offset, last);
    return this.run(bytes, offset, last);
  }

  private run(bytes: Uint8Array, offset: number, last: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream: !last });
    } catch {
      // TextDecoder does not say where: find the first bad byte for the message.
      const bad = badByteAt(bytes, this.encoding);
      throw new EncodingError(this.encoding, offset + bad, new TextDecoder(this.encoding).decode(bytes.subarray(0, bad)));
    }
  }

  private settle(bytes: Uint8Array, offset: number, last: boolean): string {
    const k = firstNonAscii(bytes);
    if (k === -1) return this.run(bytes, offset, last);
    if (!last && bytes.length - k < DECIDE_BYTES) {
      this.carry = bytes.slice(k);
      this.carryOffset = offset + k;
      return this.run(bytes.subarray(0, k), offset, false);
    }
    const ascii = this.run(bytes.subarray(0, k), offset, false);
    this.provisional = false;
    const rest = bytes.subarray(k);
    if (!isUtf8(rest, last)) {
      this.encoding = 'gb18030';
      this.decoder = new TextDecoder('gb18030', { fatal: true });
    }
    return ascii + this.run(rest, offset + k, last);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The offset of the first byte the encoding rejects (bisection over fatal decodes). A
 * chunk may begin inside a character the previous chunk started: up to 3 leading
 * bytes are skipped to find where decoding can begin.
 */
function badByteAt(bytes: Uint8Array, encoding: Encoding): number {
  const decodes = (from: number, to: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(from, to), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  for (let start = 0; start < 4 && start < bytes.length; start++) {
    let lo = start;
    let hi = bytes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (decodes(start, mid)) lo = mid;
      else hi = mid;
    }
    if (lo > start + 3) return lo;
  }
  return 0;
}
