// The qunfa command, spawned as a user would run it.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/main/db/migrate';
import { tempDir } from '../helpers/tmp';

const BIN = resolve(__dirname, '../../bin/qunfa.cjs');
const dirs: { remove: () => void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));
const dataDir = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};

function qunfa(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, input, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('qunfa CLI', () => {
  it('--help lists the commands in Chinese and English', () => {
    const r = qunfa(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('doctor');
    expect(r.stdout).toContain('serve');
    expect(r.stdout).toContain('用法 Usage');
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(qunfa(['--version']).stdout.trim()).toBe(pkg.version);
    expect(JSON.parse(qunfa(['--version', '--json']).stdout)).toEqual({ version: pkg.version });
  });

  it('doctor --json reports the data folder, schema version and secret backend', () => {
    const dir = dataDir();
    const r = qunfa(['doctor', '--json', '--data-dir', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ dataDir: dir, schemaVersion: SCHEMA_VERSION, secretBackend: 'key file' });
  });

  it('uses QUNFA_HOME when --data-dir is absent', () => {
    const dir = dataDir();
    const r = qunfa(['doctor', '--json'], { QUNFA_HOME: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ dataDir: dir });
  });

  it('refuses a database from a newer version with a clear message and a non-zero exit', () => {
    const dir = dataDir();
    qunfa(['doctor', '--json', '--data-dir', dir]);
    const db = new Database(join(dir, 'qunfa.db'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const r = qunfa(['doctor', '--json', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr) as { error: { code: string; zh: string; en: string } };
    expect(err.error.code).toBe('db.newer');
    expect(err.error.en).toContain('Upgrade Qunfa');
    const human = qunfa(['doctor', '--data-dir', dir]);
    expect(human.stderr).toContain('错误：');
    expect(human.stderr).toContain('Error:');
  });

  it('an unknown command is a usage error (exit 2)', () => {
    const r = qunfa(['fly']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('qunfa --help');
  });
});
