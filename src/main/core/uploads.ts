// Files the browser host receives for import (a browser cannot hand over a path).
// They live in <data>/uploads under random ids, each with its original file name
// beside it (<id>.name: what the user chose, shown in notes and reports), and are
// removed after a day.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { ImportSource } from '../../shared/views';

const MAX_AGE_MS = 24 * 3600_000;
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export class Uploads {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'uploads');
    mkdirSync(this.dir, { recursive: true });
    const now = Date.now();
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name);
      if (now - statSync(file).mtimeMs > MAX_AGE_MS) rmSync(file, { force: true });
    }
  }

  /** Streams a body to a new upload; returns its id. */
  async save(body: Readable, filename: string): Promise<string> {
    const ext = /\.(csv|tsv|txt|xlsx)$/i.exec(filename)?.[1]?.toLowerCase() ?? 'csv';
    const id = randomBytes(12).toString('base64url') + '_' + ext;
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) body.destroy(new Error('too large'));
    });
    try {
      await pipeline(body, createWriteStream(join(this.dir, id)));
      // A browser's file name has no folder; a name is no longer than a note holds.
      writeFileSync(join(this.dir, `${id}.name`), basename(filename.replace(/\\/g, '/')).slice(0, 200));
    } catch (err) {
      rmSync(join(this.dir, id), { force: true });
      throw err;
    }
    return id;
  }

  /** The file's name as the user knows it: the original name of an upload. */
  nameOf(source: ImportSource): string {
    if (source.kind === 'path') return basename(source.path);
    try {
      return readFileSync(`${this.fileOf(source.id)}.name`, 'utf8') || source.id;
    } catch {
      return source.id;
    }
  }

  /** The file an import source names. */
  pathOf(source: ImportSource): string {
    if (source.kind === 'path') return source.path;
    const file = this.fileOf(source.id);
    try {
      statSync(file);
    } catch {
      throw missing();
    }
    return file;
  }

  /** An upload's file, by an id of the form save() gives (nothing else reaches the folder). */
  private fileOf(id: string): string {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw missing();
    return join(this.dir, id);
  }
}

function missing(): AppError {
  return new AppError('upload.missing', { zh: '上传的文件已不存在，请重新选择文件。', en: 'The uploaded file is gone; choose the file again.' });
}
