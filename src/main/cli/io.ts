// How the CLI speaks: with --json one JSON document on stdout and errors as JSON on
// stderr; otherwise short human text. Errors always exit non-zero.
import { AppError, toErrorBody } from '../../shared/errors';

export interface Io {
  json: boolean;
  /** The command's result: printed as JSON, or by `human` as text. */
  result(data: unknown, human?: (data: never) => string): void;
  /** Progress and notes for people; silent with --json. */
  note(text: string): void;
}

export function createIo(json: boolean): Io {
  return {
    json,
    result(data, human) {
      if (json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
      else process.stdout.write((human ? human(data as never) : JSON.stringify(data, null, 2)) + '\n');
    },
    note(text) {
      if (!json) process.stderr.write(text + '\n');
    },
  };
}

export class UsageError extends AppError {
  constructor(zh: string, en: string) {
    super('cli.usage', { zh, en });
  }
}

/** Prints an error and returns the exit code: 2 for usage mistakes, 1 otherwise. */
export function reportError(err: unknown, json: boolean): number {
  const body = toErrorBody(err);
  if (json) process.stderr.write(JSON.stringify({ error: body }) + '\n');
  else process.stderr.write(`错误：${body.zh}\nError: ${body.en}\n`);
  return err instanceof UsageError ? 2 : 1;
}

/** Renders rows as an aligned text table (CJK characters count double width). */
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const width = (s: string): number => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells.map((r) => r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ').trimEnd()).join('\n');
}
