// The qunfa command line: automation and scheduled jobs on the same core as the app.
import { VERSION } from '../core/version';
import { accounts, accountsHelp } from './commands/accounts';
import { doctor, doctorHelp } from './commands/doctor';
import { provider, providerHelp } from './commands/provider';
import { serve, serveHelp } from './commands/serve';
import { createIo, reportError, UsageError, type Io } from './io';

interface Command {
  run(argv: string[], io: Io): Promise<number>;
  help: string;
  summary: string;
}

const COMMANDS: Record<string, Command> = {
  doctor: { run: doctor, help: doctorHelp, summary: '检查数据目录与数据库 / check the data folder and database' },
  serve: { run: serve, help: serveHelp, summary: '启动浏览器版 / start the browser host' },
  accounts: { run: accounts, help: accountsHelp, summary: '服务商账户 / provider accounts' },
  provider: { run: provider, help: providerHelp, summary: '服务商管理操作 / provider management operations' },
};

export const HELP = `群发 Qunfa ${VERSION} — 桌面群发短信 / desktop bulk SMS

用法 Usage: qunfa <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

每个命令都接受 Every command takes:
  --data-dir D   数据目录（默认 QUNFA_HOME 或用户目录）/ data folder (default: QUNFA_HOME, else per-user)
  --json         机器可读输出 / machine-readable output (one JSON document on stdout)
  --help         帮助 / help

qunfa <command> --help 查看命令的用法 / for a command's usage.`;

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const [name, ...rest] = argv;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    if (name === '--version' || name === '-v') {
      process.stdout.write((json ? JSON.stringify({ version: VERSION }) : VERSION) + '\n');
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`未知命令：${name}（qunfa --help 查看命令）`, `Unknown command: ${name} (see qunfa --help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(command.help + '\n');
      return 0;
    }
    return await command.run(rest, createIo(json));
  } catch (err) {
    return reportError(err, json);
  }
}
