// Starts `qunfa serve` (the real CLI) on a temporary data folder for a spec, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface Served {
  url: string;
  port: number;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function serve(extraEnv: Record<string, string> = {}): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qunfa-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, '../../bin/qunfa.cjs'), 'serve', '--json', '--data-dir', dataDir], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // `serve --json` prints one JSON document once it listens; read lines until it parses.
  const info = await new Promise<{ url: string; port: number; token: string }>((resolvePromise, reject) => {
    let text = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      text += line;
      try {
        resolvePromise(JSON.parse(text) as { url: string; port: number; token: string });
        lines.close();
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`qunfa serve exited with ${code}`)));
  });
  return {
    ...info,
    dataDir,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
