// The qunfa command line: automation and scheduled jobs on the same core as the app.
import { VERSION } from '../core/version';
import { accounts, accountsHelp } from './commands/accounts';
import { campaigns, campaignsHelp } from './commands/campaigns';
import { contacts, contactsHelp, lists, listsHelp, optouts, optoutsHelp } from './commands/contacts';
import { estimate, estimateHelp, templates, templatesHelp } from './commands/templates';
import { receipts, receiptsHelp, receiver, replies } from './commands/receipts';
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
  contacts: { run: contacts, help: contactsHelp, summary: '联系人：导入、查看、添加 / contacts: import, list, add' },
  lists: { run: lists, help: listsHelp, summary: '联系人列表：新建、改名、删除、合并 / lists: create, rename, delete, merge' },
  optouts: { run: optouts, help: optoutsHelp, summary: '退订名单 / opt-out list' },
  templates: { run: templates, help: templatesHelp, summary: '模板：保存、预览 / templates: save, preview' },
  estimate: { run: estimate, help: estimateHelp, summary: '发送前估算条数、费用并检查 / parts, cost and checks before sending' },
  campaigns: { run: campaigns, help: campaignsHelp, summary: '群发：规划、发送、暂停、重发、导出 / campaigns: plan, send, pause, resend, export' },
  receipts: { run: receipts, help: receiptsHelp, summary: '回执：拉取、查看 / receipts: poll, list' },
  replies: { run: replies, help: receiptsHelp, summary: '回复 / replies' },
  receiver: { run: receiver, help: receiptsHelp, summary: '推送接收服务 / push receiver' },
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
