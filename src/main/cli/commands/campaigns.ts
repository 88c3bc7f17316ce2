// qunfa campaigns create|list|show|send|pause|resume|cancel|resend|check-unknown|mark-sent|messages|export
import { readFileSync } from 'node:fs';
import type { CampaignCreated, CampaignDetail, CampaignView } from '../../../shared/contract';
import { campaignRequest } from '../../../shared/contract';
import { parseBeijing } from '../../campaigns/service';
import { parse, required } from '../args';
import { withCore } from '../context';
import { table, UsageError, type Io } from '../io';
import { estimate } from './templates';

export const campaignsHelp = `qunfa campaigns <command> [--data-dir D] [--json]
  estimate --list L --account A --template-file F [--kind …] [--at …]   = qunfa estimate
  create --list L --account A --template-file F [--kind marketing|notification|verification]
         [--at "2026-12-01 09:00"] [--provider-schedule] [--provider-template-id X] [--name N]
         [--empty refuse|allow|default --default TEXT]
                         规划群发，打印新群发的 ID / plans a campaign, prints its id
  list                   所有群发 / all campaigns
  show ID                各状态条数、费用、暂停原因 / counts per journal state, cost, pause reason
  send ID [--wait]       发送（--wait 等到结束并打印汇总）/ send (--wait: until it ends, with its summary)
  pause ID | resume ID | cancel ID
  resend ID --which failed|unknown|rejected|expired   重发为新群发 / resend as a new campaign
  check-unknown ID       按服务商的发送记录核对“未知”（sms.cn）/ settle unknown messages from the provider's send records
  mark-sent ID           将“未知”标记为已发送 / mark unknown messages as sent
  messages ID [--state S] [--search T] [--offset N] [--limit N]
  export ID --format csv|xlsx --out FILE
  L and A are names or ids. Times are Beijing time.`;

function campaignId(text: string | undefined): number {
  const id = Number(required(text, 'ID'));
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`群发 ID 无效：${text}`, `Invalid campaign id: ${text}`);
  return id;
}

function summary(v: CampaignView | CampaignDetail): string {
  const counts = Object.entries(v.counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return `#${v.id} ${v.name} [${v.state}] ${counts}`;
}

function describe(d: CampaignDetail): string {
  return [
    summary(d),
    `账户 Account: ${d.accountName}   列表 List: ${d.listName ?? '-'}   类型 Kind: ${d.kind}`,
    `费用 Cost: 预计 planned ${d.cost.planned.toFixed(2)} 元, 已花费 spent ${d.cost.spent.toFixed(2)} 元`,
    `漏斗 Funnel: planned ${d.funnel.planned} → submitted ${d.funnel.submitted} → delivered ${d.funnel.delivered}; failed ${d.funnel.failed}, unknown ${d.funnel.unknown}, replied ${d.funnel.replied}, opted out ${d.funnel.optedOut}`,
    ...(d.pauseReason ? [`暂停原因：${d.pauseReason.zh}`, `Paused: ${d.pauseReason.en}`] : []),
    ...(d.failureReasons.length ? ['失败原因 Failure reasons:', ...d.failureReasons.map((r) => `  ${r.count}  ${r.code}  ${r.explain.zh} / ${r.explain.en}`)] : []),
  ].join('\n');
}

export async function campaigns(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  // The same flags as create; the same answer as qunfa estimate.
  if (sub === 'estimate') return estimate(rest, io);
  const { values, positionals } = parse(rest, {
    list: { type: 'string' },
    account: { type: 'string' },
    'template-file': { type: 'string' },
    kind: { type: 'string' },
    at: { type: 'string' },
    'provider-schedule': { type: 'boolean', default: false },
    'provider-template-id': { type: 'string' },
    name: { type: 'string' },
    empty: { type: 'string' },
    default: { type: 'string' },
    wait: { type: 'boolean', default: false },
    which: { type: 'string' },
    state: { type: 'string' },
    search: { type: 'string' },
    offset: { type: 'string' },
    limit: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  return withCore(values['data-dir'], async (core) => {
    switch (sub) {
      case 'create': {
        const body = readFileSync(required(values['template-file'], '--template-file'), 'utf8').replace(/\r?\n$/, '');
        const empty = values.empty ?? 'refuse';
        const input = campaignRequest.safeParse({
          name: values.name,
          listId: core.contacts.findList(required(values.list, '--list')).id,
          accountId: core.accounts.find(required(values.account, '--account')).id,
          body,
          emptyPolicy: empty === 'default' ? { kind: 'default', text: values.default ?? '' } : { kind: empty },
          kind: values.kind ?? 'notification',
          at: values.at,
          providerSchedule: values['provider-schedule'],
          providerTemplateId: values['provider-template-id'],
        });
        if (!input.success) {
          const issue = input.error.issues[0];
          throw new UsageError(`参数 ${issue?.path.join('.')} 无效：${issue?.message}`, `Invalid ${issue?.path.join('.')}: ${issue?.message}`);
        }
        // A tenth of the list at a time on stderr: a million contacts take seconds.
        let shown = 0;
        const off = core.events.on('campaign.planning', (p) => {
          const tenth = p.of ? Math.floor((p.done / p.of) * 10) : 10;
          if (tenth <= shown || p.done === p.of) return;
          shown = tenth;
          io.note(`已规划 Planned ${p.done}/${p.of} 个联系人 contacts`);
        });
        let created;
        try {
          created = await core.campaigns.create({ ...input.data, at: input.data.at ? parseBeijing(input.data.at) : undefined });
        } finally {
          off();
        }
        io.result(created, (c: CampaignCreated) =>
          [`已创建群发 Campaign created: ${c.campaign.id}`, `${c.planned} 条待发送 planned in ${c.submissions} 个请求 requests; ${c.rejected} 条被拒 refused; ${c.skippedOptedOut} 个退订号码跳过 opted out skipped`].join('\n'),
        );
        return 0;
      }
      case 'list': {
        const list = core.campaigns.list();
        io.result(list, (l: CampaignView[]) =>
          l.length ? table(['ID', '名称 Name', '账户 Account', '状态 State', '条数 Messages'], l.map((c) => [c.id, c.name, c.accountName, c.state, Object.values(c.counts).reduce((a, b) => a + (b ?? 0), 0)])) : '还没有群发。/ No campaigns yet.',
        );
        return 0;
      }
      case 'show':
        io.result(await core.campaigns.detail(campaignId(positionals[0])), describe);
        return 0;
      case 'send':
      case 'resume': {
        const id = campaignId(positionals[0]);
        const { wait } = core.campaigns.send(id);
        if (!values.wait) {
          // Without --wait the process still has to stay until the requests in flight are answered.
          io.note('发送中…（用 --wait 等待结束）/ sending… (use --wait to wait for the end)');
        }
        const progress = core.events.on('campaign.progress', (p) => io.note(`${p.total - (p.counts.planned ?? 0)}/${p.total} ${p.rate}/s`));
        const end = await wait;
        progress();
        io.result({ ...end, campaign: await core.campaigns.detail(id) }, (e: { campaign: CampaignDetail }) => describe(e.campaign));
        return end.state === 'paused' && end.reason?.code !== 'user' ? 1 : 0;
      }
      case 'pause':
        io.result(core.campaigns.pause(campaignId(positionals[0])), summary);
        return 0;
      case 'cancel':
        io.result(core.campaigns.cancel(campaignId(positionals[0])), summary);
        return 0;
      case 'resend': {
        const which = required(values.which, '--which');
        if (!['failed', 'unknown', 'rejected', 'expired'].includes(which)) throw new UsageError(`--which 无效：${which}`, `Invalid --which: ${which}`);
        const created = await core.campaigns.resend(campaignId(positionals[0]), which as 'failed');
        io.result(created, (c: CampaignCreated) => `重发群发 Resend campaign: ${c.campaign.id} (${c.planned})`);
        return 0;
      }
      case 'check-unknown': {
        const found = await core.campaigns.checkUnknown(campaignId(positionals[0]));
        io.result(found, () => `已核对 Checked ${found.checked}: 已提交 submitted ${found.submitted}, 提交失败 not submitted ${found.rejected}, 仍未知 still unknown ${found.unknown}`);
        return 0;
      }
      case 'mark-sent': {
        const updated = core.campaigns.markUnknownSent(campaignId(positionals[0]));
        io.result({ updated }, () => `已标记 Marked: ${updated}`);
        return 0;
      }
      case 'messages': {
        const page = core.campaigns.messages(
          campaignId(positionals[0]),
          { state: values.state as never, search: values.search },
          Number(values.offset ?? 0),
          Math.min(1000, Number(values.limit ?? 50)),
        );
        io.result(page, (p: typeof page) => `${p.total}\n` + table(['ID', '手机号 Mobile', '状态 State', '状态码 Status', '内容 Text'], p.rows.map((m) => [m.id, m.mobile, m.state, m.statusCode, m.text])));
        return 0;
      }
      case 'export': {
        const format = values.format ?? 'csv';
        if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format 只能是 csv 或 xlsx`, `--format is csv or xlsx`);
        const out = required(values.out, '--out');
        const ready = await core.exports.campaign(core.db, campaignId(positionals[0]), format, out);
        io.result({ path: out, rows: ready.rows }, () => `已导出 Exported ${ready.rows} → ${out}`);
        return 0;
      }
      default:
        throw new UsageError(`未知子命令：${sub ?? '(无)'}\n${campaignsHelp}`, `Unknown subcommand: ${sub ?? '(none)'}`);
    }
  });
}
