// Temporary data folders for tests: real SQLite files on disk, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core';
import { nodePlatform } from '../../src/main/core/node-platform';

export function tempDir(prefix = 'qunfa-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function tempCore(engine: CoreOptions['engine'] = {}): Core & { remove: () => Promise<void> } {
  const dir = tempDir();
  const core = createCore({ dataDir: dir.path, platform: nodePlatform(dir.path), engine: { backoff: { baseMs: 5, maxMs: 20 }, ...engine } });
  return Object.assign(core, {
    remove: async () => {
      await core.close();
      dir.remove();
    },
  });
}
