// qunfa accounts add|list|show|remove|test|balance
import type { AccountView } from '../../../shared/contract';
import { accountInput, accountUpdate } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { PROVIDERS } from '../../../shared/providers';
import { keyValues, parse, required } from '../args';
import { withCore } from '../context';
import { table, UsageError, type Io } from '../io';
import { readSecret } from '../secret-input';

export const accountsHelp = `qunfa accounts <add|list|show|remove|test|balance> [--data-dir D] [--json]
  add --provider P --name N --username U [--password-env VAR | --password-stdin]
      [--secret-env VAR] [--base-url URL] [--userid ID] [--signature 签名] [--price 0.05]
      [--option key=value ...] [--push-credential-env KEY=VAR ...]
      密码从提示、--password-env 指定的环境变量或标准输入读取，绝不从命令行参数读取。
      The password comes from a prompt, the variable named by --password-env, or stdin; never from argv.
      推送校验值（创瑞的 reportPwd、moName、moPwd）同样从环境变量 VAR 读取。
      Push credentials (创瑞's reportPwd, moName, moPwd) come from the variable VAR too.
      P: ${PROVIDERS.join(' | ')}
  list                     所有账户 / all accounts
  show NAME                一个账户（不含密码）/ one account (no secrets)
  set NAME [--rate N] [--concurrency N] [--backup NAME|none] [--price 0.05] [--signature 签名]
           [--base-url URL] [--password-env VAR] [--option key=value ...]
           [--push-credential-env KEY=VAR ...] [--clear-push-credential KEY ...]
                           修改设置（每秒请求数、并发、备用账户……）/ change settings (requests/s, in flight, backup…)
  remove NAME              删除没有群发记录的账户 / remove an account without campaigns
  test NAME                连接服务商并查询余额 / connect and ask the balance
  balance NAME             余额 / balance`;

function describe(a: AccountView): string {
  return [
    `名称 Name:       ${a.name}`,
    `服务商 Provider: ${a.provider}`,
    `地址 Base URL:   ${a.baseUrl}`,
    `用户 Username:   ${a.username}`,
    ...(a.userid ? [`企业ID Userid:   ${a.userid}`] : []),
    ...(a.signature ? [`签名 Signature:  【${a.signature}】`] : []),
    `单价 Price:      ${a.unitPrice} 元/条 per part`,
    `速率 Pace:       ${a.ratePerSecond}/s, ${a.concurrency} 并发 in flight${a.backupAccountId ? `, 备用 backup #${a.backupAccountId}` : ''}`,
    ...Object.entries(a.options).map(([k, v]) => `选项 ${k}: ${v}`),
    ...(a.pushCredentials.length ? [`推送校验 Push credentials: ${a.pushCredentials.join(', ')}（已设置 set）`] : []),
  ].join('\n');
}

/**
 * --push-credential-env KEY=VAR: each value read from the variable VAR, never from argv;
 * --clear-push-credential KEY: an empty value, which clears the key.
 */
async function pushCredentials(fromEnv: string[] | undefined, clear: string[] = []): Promise<Record<string, string> | undefined> {
  if (!fromEnv?.length && !clear.length) return undefined;
  const out: Record<string, string> = {};
  for (const [key, envName] of Object.entries(keyValues(fromEnv, '--push-credential-env'))) out[key] = await readSecret({ envName, label: key });
  for (const key of clear) out[key] = '';
  return out;
}

export async function accounts(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'add':
      return add(rest, io);
    case 'list': {
      const { values } = parse(rest, {});
      const list = await withCore(values['data-dir'], async (core) => core.accounts.list());
      io.result(list, (l: AccountView[]) =>
        l.length === 0 ? '还没有账户。用 qunfa accounts add 添加。/ No accounts yet; add one with qunfa accounts add.' : table(['ID', '名称 Name', '服务商 Provider', '用户 User', '单价 Price'], l.map((a) => [a.id, a.name, a.provider, a.username, a.unitPrice])),
      );
      return 0;
    }
    case 'set':
      return set(rest, io);
    case 'show':
    case 'remove':
    case 'test':
    case 'balance': {
      const { values, positionals } = parse(rest, {});
      const name = required(positionals[0], 'NAME');
      return withCore(values['data-dir'], async (core) => {
        if (sub === 'show') {
          const view = core.accounts.list().find((a) => a.id === core.accounts.find(name).id);
          io.result(view, describe);
        } else if (sub === 'remove') {
          core.accounts.remove(name);
          io.result({ removed: name }, () => `已删除 Removed: ${name}`);
        } else {
          const balance = await core.accounts.balance(name);
          const result = sub === 'test' ? { ok: true, balance } : balance;
          io.result(result, () => `${sub === 'test' ? '连接成功 Connected. ' : ''}余额 Balance: ${balance.amount} (${balance.unit}) — ${balance.raw}`);
        }
        return 0;
      });
    }
    default:
      throw new UsageError(`未知子命令：${sub ?? '(无)'}\n${accountsHelp}`, `Unknown subcommand: ${sub ?? '(none)'}`);
  }
}

async function add(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    provider: { type: 'string' },
    name: { type: 'string' },
    'base-url': { type: 'string' },
    username: { type: 'string' },
    'password-env': { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    'secret-env': { type: 'string' },
    userid: { type: 'string' },
    signature: { type: 'string' },
    price: { type: 'string' },
    option: { type: 'string', multiple: true },
    'push-credential-env': { type: 'string', multiple: true },
  });
  const password = await readSecret({ envName: values['password-env'], stdin: values['password-stdin'], label: '密码 Password' });
  const secret = values['secret-env'] ? await readSecret({ envName: values['secret-env'], label: 'secret' }) : undefined;
  const parsed = accountInput.safeParse({
    name: required(values.name, '--name'),
    provider: required(values.provider, '--provider'),
    baseUrl: values['base-url'],
    username: required(values.username, '--username'),
    password,
    secret,
    userid: values.userid,
    signature: values.signature?.replace(/^【|】$/g, ''),
    unitPrice: values.price === undefined ? 0 : Number(values.price),
    options: keyValues(values.option, '--option'),
    pushCredentials: await pushCredentials(values['push-credential-env']),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new AppError('cli.invalid', { zh: `参数 ${field} 无效：${issue?.message}`, en: `Invalid ${field}: ${issue?.message}` }, { field });
  }
  const view = await withCore(values['data-dir'], async (core) => core.accounts.add(parsed.data));
  io.result(view, (v: AccountView) => `已添加账户 Account added (id ${v.id}):\n${describe(v)}`);
  return 0;
}

async function set(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    rate: { type: 'string' },
    concurrency: { type: 'string' },
    backup: { type: 'string' },
    price: { type: 'string' },
    signature: { type: 'string' },
    'base-url': { type: 'string' },
    'password-env': { type: 'string' },
    option: { type: 'string', multiple: true },
    'push-credential-env': { type: 'string', multiple: true },
    'clear-push-credential': { type: 'string', multiple: true },
  });
  const name = required(positionals[0], 'NAME');
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  return withCore(values['data-dir'], async (core) => {
    const row = core.accounts.find(name);
    const input = accountUpdate.safeParse({
      id: row.id,
      ratePerSecond: num(values.rate),
      concurrency: num(values.concurrency),
      backupAccountId: values.backup === undefined ? undefined : values.backup === 'none' ? null : core.accounts.find(values.backup).id,
      unitPrice: num(values.price),
      signature: values.signature?.replace(/^【|】$/g, ''),
      baseUrl: values['base-url'],
      password: values['password-env'] ? await readSecret({ envName: values['password-env'], label: '密码 Password' }) : undefined,
      options: values.option ? keyValues(values.option, '--option') : undefined,
      pushCredentials: await pushCredentials(values['push-credential-env'], values['clear-push-credential']),
    });
    if (!input.success) {
      const issue = input.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new AppError('cli.invalid', { zh: `参数 ${field} 无效：${issue?.message}`, en: `Invalid ${field}: ${issue?.message}` }, { field });
    }
    const view = core.accounts.update(input.data);
    io.result(view, (v: AccountView) => `已更新 Updated:\n${describe(v)}`);
    return 0;
  });
}
