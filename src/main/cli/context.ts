// Opens the core for one CLI command on the data folder the flags name.
import { createCore, type Core } from '../core/core';
import { nodePlatform } from '../core/node-platform';
import { resolveDataDir } from '../core/paths';
import { mkdirSync } from 'node:fs';

export async function withCore<T>(dataDirFlag: string | undefined, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = openCore(dataDirFlag);
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

export function openCore(dataDirFlag: string | undefined): Core {
  const dataDir = resolveDataDir(dataDirFlag);
  mkdirSync(dataDir, { recursive: true });
  return createCore({ dataDir, platform: nodePlatform(dataDir) });
}
