// qunfa provider ACCOUNT OPERATION [--param k=v ...] [--params-json JSON]
// The management operations each driver offers (templates, signatures, sensitive
// words, password change, send records...), validated by the driver's own schema.
import { AppError } from '../../../shared/errors';
import { keyValues, parse, required } from '../args';
import { withCore } from '../context';
import { UsageError, type Io } from '../io';

export const providerHelp = `qunfa provider ACCOUNT [OPERATION] [--param key=value ...] [--params-json JSON]
  运行账户所属服务商的管理操作（模板、签名、敏感词、改密码、发送记录……）。
  不带 OPERATION 时列出可用操作。
  Runs a management operation of the account's provider; without OPERATION, lists them.`;

export async function provider(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    param: { type: 'string', multiple: true },
    'params-json': { type: 'string' },
  });
  const accountName = required(positionals[0], 'ACCOUNT');
  const opName = positionals[1];
  return withCore(values['data-dir'], (core) =>
    core.accounts.withDriver(accountName, async (driver, row) => {
      const ops = driver.operations;
      if (!opName) {
        const list = Object.entries(ops).map(([name, op]) => ({ name, zh: op.description.zh, en: op.description.en }));
        io.result(list, (l: typeof list) => (l.length ? l.map((o) => `${o.name}\n  ${o.zh}\n  ${o.en}`).join('\n') : '此服务商没有管理操作。/ This provider has no management operations.'));
        return 0;
      }
      const op = ops[opName];
      if (!op) {
        throw new UsageError(
          `${row.provider} 没有操作 ${opName}。可用：${Object.keys(ops).join(', ')}`,
          `${row.provider} has no operation ${opName}. Available: ${Object.keys(ops).join(', ')}`,
        );
      }
      let raw: unknown = keyValues(values.param, '--param');
      if (values['params-json']) {
        try {
          raw = { ...(raw as object), ...(JSON.parse(values['params-json']) as object) };
        } catch {
          throw new UsageError('--params-json 不是有效的 JSON。', '--params-json is not valid JSON.');
        }
      }
      const parsed = op.params.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') ?? '';
        throw new AppError('cli.invalid', { zh: `参数 ${field} 无效：${issue?.message}`, en: `Invalid parameter ${field}: ${issue?.message}` }, { field });
      }
      const result = await op.run(parsed.data);
      io.result(result ?? { ok: true });
      return 0;
    }),
  );
}
