// mms.aspx content (2.2 Tms文件存储规格): for each element, its file name, one NUL,
// its size as a 32-bit integer, its bytes; the whole base64-encoded. The document
// does not say the integer's byte order: the server is .NET (aspx), whose
// BinaryWriter.Write(int) is little-endian, so little-endian it is. File names are
// written in UTF-8, the endpoint's documented charset.

export interface TmsFile {
  /** File name with its extension (1.txt, 1.jpg, 1.smil...). */
  name: string;
  data: Buffer;
}

export function packTms(files: readonly TmsFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const size = Buffer.alloc(4);
    size.writeInt32LE(f.data.length, 0);
    parts.push(Buffer.from(f.name, 'utf8'), Buffer.from([0]), size, f.data);
  }
  return Buffer.concat(parts);
}

/** The reverse, for checks and tests; throws on a truncated or malformed pack. */
export function unpackTms(pack: Buffer): TmsFile[] {
  const files: TmsFile[] = [];
  let pos = 0;
  while (pos < pack.length) {
    const nul = pack.indexOf(0, pos);
    if (nul < 0 || nul + 5 > pack.length) throw new Error('truncated tms element header');
    const size = pack.readInt32LE(nul + 1);
    const start = nul + 5;
    if (size < 0 || start + size > pack.length) throw new Error('truncated tms element body');
    files.push({ name: pack.subarray(pos, nul).toString('utf8'), data: pack.subarray(start, start + size) });
    pos = start + size;
  }
  return files;
}
