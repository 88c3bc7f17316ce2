// Argument parsing on node:util parseArgs, with the flags every command takes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    throw new UsageError(`参数有误：${text}（用 --help 查看用法）`, `${text} (see --help)`);
  }
}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`缺少 ${flag}。`, `Missing ${flag}.`);
  return value;
}

/** Repeated `--option key=value` flags as a record. */
export function keyValues(values: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of values ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} 需要 键=值 的形式：${kv}`, `${flag} takes key=value: ${kv}`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}
