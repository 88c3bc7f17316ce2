// What kind of file the user picked, from its first bytes (never from its name: a
// ".csv" saved by WPS may be an .xlsx inside, and the browser host stores uploads
// under random names).
import { open } from 'node:fs/promises';
import type { Encoding } from '../../shared/views';
import { AppError } from '../../shared/errors';
import { detectEncoding, type DetectedEncoding } from './encoding';

/** How much of the start of a file the encoding is judged on. */
export const SAMPLE_BYTES = 1 << 20;

export type FileKind = { format: 'xlsx'; totalBytes: number } | { format: 'csv'; totalBytes: number; detected: DetectedEncoding };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (head: Uint8Array, magic: number[]): boolean => magic.every((b, i) => head[i] === b);

export function emptyFile(): AppError {
  return new AppError('import.empty', {
    zh: '文件是空的，没有可导入的内容。请确认选择了正确的文件并已在 Excel 中保存。',
    en: 'The file is empty: nothing to import. Check that you picked the right file and that it was saved.',
  });
}

export async function sniffFile(path: string, override?: Encoding): Promise<FileKind> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) throw emptyFile();
    const head = new Uint8Array(Math.min(size, SAMPLE_BYTES));
    await handle.read(head, 0, head.length, 0);
    return kindOf(head, size, override);
  } finally {
    await handle.close();
  }
}

function kindOf(head: Uint8Array, totalBytes: number, override?: Encoding): FileKind {
  if (startsWith(head, ZIP)) return { format: 'xlsx', totalBytes };
  if (startsWith(head, OLE)) {
    throw new AppError('import.xls', {
      zh: '这是旧版 Excel（.xls）或设了密码的 Excel 文件，无法直接读取。请在 Excel 中“另存为”.xlsx（不设密码）或“CSV UTF-8”后再导入。',
      en: 'This is an old Excel (.xls) or password-protected workbook, which cannot be read. In Excel, "Save As" .xlsx (without a password) or "CSV UTF-8", then import that.',
    });
  }
  const detected = detectEncoding(head, head.length === totalBytes, override);
  // Text in any 8-bit encoding has no NUL bytes; UTF-16 has many.
  if (!detected.encoding.startsWith('utf-16') && head.includes(0)) {
    throw new AppError('import.binary', {
      zh: '这不是文本表格文件（含有二进制内容）。请选择 CSV、TSV、TXT 或 .xlsx 文件；如果是“Unicode 文本”，请在“编码”中选择 UTF-16。',
      en: 'This is not a text table (it holds binary data). Choose a CSV, TSV, TXT or .xlsx file; for Excel "Unicode Text", choose the UTF-16 encoding.',
    });
  }
  return { format: 'csv', totalBytes, detected };
}

function unreadable(path: string, err: unknown): AppError {
  const code = (err as { code?: string }).code;
  return new AppError(
    'import.unreadable',
    code === 'ENOENT'
      ? { zh: `找不到文件：${path}`, en: `File not found: ${path}` }
      : { zh: `无法读取文件 ${path}（${code ?? '未知错误'}），请确认文件没有被其他程序占用。`, en: `Cannot read ${path} (${code ?? 'unknown error'}); check that no other program holds it.` },
    { path },
  );
}
