// Reads a password without it ever being on the command line: from an environment
// variable named by a flag, from stdin (piped), or from a hidden prompt on a terminal.
import { UsageError } from './io';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const onData = (buf: Buffer): void => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new UsageError('已取消。', 'Cancelled.'));
          return;
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readSecret(opts: { envName?: string; label: string; stdin?: boolean }): Promise<string> {
  if (opts.envName) {
    const value = process.env[opts.envName];
    if (!value) throw new UsageError(`环境变量 ${opts.envName} 为空或不存在。`, `Environment variable ${opts.envName} is empty or unset.`);
    return value;
  }
  if (opts.stdin || !process.stdin.isTTY) {
    const value = await readStdin();
    if (!value) throw new UsageError(`没有从标准输入读到${opts.label}。`, `No ${opts.label} on standard input.`);
    return value;
  }
  return prompt(`${opts.label}: `);
}
