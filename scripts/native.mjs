// Makes better-sqlite3's native binary match the runtime that is about to load it.
//
//   node scripts/native.mjs node      before tests, the CLI, the browser host, benchmarks
//   node scripts/native.mjs electron  before the Electron app (dev, preview, packaging)
//
// The binary is built for one ABI at a time. Where the Electron binary is not installed
// (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on CI) the electron target says why it skips and
// exits 0, so `npm install` never breaks on a machine without Electron.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const target = process.argv[2];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function electronBinary() {
  // Read electron/path.txt rather than require('electron'): requiring it tries to
  // download a missing binary, which fails offline.
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
      const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
      return existsSync(bin) ? bin : null;
    }
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function loads(runtime) {
  // Opening an in-memory database proves the binary matches the runtime's ABI.
  const probe = "new (require('better-sqlite3'))(':memory:').close()";
  const env = runtime === process.execPath ? process.env : { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  return spawnSync(runtime, ['-e', probe], { env, stdio: 'ignore' }).status === 0;
}

if (target === 'node') {
  if (!loads(process.execPath)) {
    console.log('native: rebuilding better-sqlite3 for Node ' + process.version);
    execFileSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' });
  }
} else if (target === 'electron') {
  const bin = electronBinary();
  if (!bin) {
    console.log('native: Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?); better-sqlite3 stays built for Node.');
  } else if (!loads(bin)) {
    const version = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
    console.log('native: rebuilding better-sqlite3 for Electron ' + version);
    execFileSync(process.execPath, [require.resolve('@electron/rebuild/lib/cli.js'), '-f', '-o', 'better-sqlite3', '-v', version], { stdio: 'inherit' });
  }
} else {
  console.error('usage: node scripts/native.mjs node|electron');
  process.exit(2);
}
