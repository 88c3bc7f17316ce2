// qunfa receipts poll|list, qunfa replies list, qunfa receiver start
import type { ReceiptView, ReplyView } from '../../../shared/contract';
import { overviewQueries } from '../../db/overview';
import { parse, required } from '../args';
import { openCore, withCore } from '../context';
import { table, UsageError, type Io } from '../io';

export const receiptsHelp = `qunfa receipts <poll|list> [--data-dir D] [--json]
  poll [--account A] [--until-idle]   拉取回执和回复（按文档的频率）/ pull receipts and replies (at the documented pace)
  list [--limit N]                    最近的回执 / recent receipts
qunfa replies list [--limit N]        最近的回复 / recent replies
qunfa receiver start --port N [--host 0.0.0.0]
                                      启动推送接收服务（云触达、创瑞等推送回执）/ start the push receiver`;

export async function receipts(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(rest, { account: { type: 'string' }, 'until-idle': { type: 'boolean', default: false }, limit: { type: 'string' } });
  return withCore(values['data-dir'], async (core) => {
    if (sub === 'poll') {
      const accounts = values.account ? [core.accounts.find(values.account)] : core.accounts.list().map((a) => core.accounts.find(a.id));
      const results: { account: string; receipts: number; replies: number; calls: number }[] = [];
      for (const a of accounts) {
        const caps = core.accounts.providers().find((c) => c.provider === a.provider);
        if (!caps?.receipts.pull && !caps?.replies.pull) continue;
        // --until-idle drains until the provider has nothing more; otherwise one pass.
        const r = await core.poller.drain(a.id, values['until-idle'] ? ['receipts', 'replies'] : ['receipts']);
        results.push({ account: a.name, ...r });
      }
      io.result(results, (rs: typeof results) => (rs.length ? table(['账户 Account', '回执 Receipts', '回复 Replies', '调用 Calls'], rs.map((r) => [r.account, r.receipts, r.replies, r.calls])) : '没有可拉取的账户。/ No account pulls receipts.'));
      return 0;
    }
    if (sub === 'list') {
      const list = overviewQueries(core.db).receipts(Number(values.limit ?? 100));
      io.result(list, (l: ReceiptView[]) => table(['手机号 Mobile', '状态 Status', '账户 Account', '匹配 Matched', '时间 Received'], l.map((r) => [r.mobile, r.status, r.accountName, r.matched ? '✓' : '', r.receivedAt])));
      return 0;
    }
    throw new UsageError(`未知子命令：${sub ?? '(无)'}\n${receiptsHelp}`, `Unknown subcommand: ${sub ?? '(none)'}`);
  });
}

export async function replies(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(rest, { limit: { type: 'string' } });
  if (sub !== 'list') throw new UsageError(`用法：qunfa replies list`, 'Usage: qunfa replies list');
  return withCore(values['data-dir'], async (core) => {
    const list = overviewQueries(core.db).replies(Number(values.limit ?? 100));
    io.result(list, (l: ReplyView[]) => table(['手机号 Mobile', '内容 Text', '退订 Opted out', '时间 Received'], l.map((r) => [r.mobile, r.text, r.optedOut ? '✓' : '', r.receivedAt])));
    return 0;
  });
}

export async function receiver(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(rest, { port: { type: 'string' }, host: { type: 'string' } });
  if (sub !== 'start') throw new UsageError('用法：qunfa receiver start --port N', 'Usage: qunfa receiver start --port N');
  const port = Number(required(values.port, '--port'));
  const core = openCore(values['data-dir']);
  const info = await core.receiver.start({ port, host: values.host ?? '0.0.0.0' });
  io.result(info, () =>
    [`推送接收服务已启动 Push receiver listening on ${info.host}:${info.port}`, '请把以下地址（加上您的公网地址）交给服务商 / Give each provider its address (with your public host in front):', ...info.paths.map((p) => `  ${p.accountName}: http://<公网地址 public-host>:${info.port}${p.path}`)].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await core.close();
  return 0;
}
