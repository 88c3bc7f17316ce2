// qunfa templates list|show|save|delete|preview, and qunfa estimate.
import { readFileSync } from 'node:fs';
import { estimateRequest } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { EmptyPolicyView, Estimate, Finding, Page, PreviewRow, TemplateView } from '../../../shared/views';
import type { Core } from '../../core/core';
import { EstimateService } from '../../services/estimate';
import { policyOf, TemplateService } from '../../services/templates';
import { parse, required } from '../args';
import { withCore } from '../context';
import { table, UsageError, type Io } from '../io';

const EMPTY_HELP = `--empty refuse|allow|default [--default TEXT]
                     变量为空时：不发送（默认）、照发、或用 TEXT 代替
                     an empty value: refuse that recipient (default), send as is, or put TEXT`;

export const templatesHelp = `qunfa templates <list|show|save|delete|preview> [--data-dir D] [--json]
  list                 所有模板 / all templates
  show NAME            一个模板 / one template
  save --name N --file F [${EMPTY_HELP}]
                       保存模板（同名则覆盖）；文件为 UTF-8 文本
                       saves the template (replacing one of the same name); F is UTF-8 text
  delete NAME          删除模板 / deletes a template
  preview --list L (--file F | --template NAME) [--account A] [--offset N] [--limit N] [--empty …]
                       每位收件人的实际内容、字数、条数（给出账户时按其签名方式）
                       each recipient's exact text, length and parts (with the account's signature placement)
  L, A and NAME are names or ids. Placeholders: <value0> <value1> … or field names such as <姓名>.`;

export const estimateHelp = `qunfa estimate --list L --account A (--template-file F | --template NAME) [--data-dir D] [--json]
                [--kind marketing|notification|verification] [--at "2026-12-01 09:00"]
                [--provider-template-id X] [${EMPTY_HELP}]
  发送前估算：条数分布、总条数、费用、余额，以及发送前检查（签名、退订语、长度、敏感词、
  夜间发送、频率限制、余额）。--at 为北京时间；--kind 默认 notification。
  Before sending: parts per recipient, total parts, cost, balance, and the preflight
  (signature, opt-out suffix, length, sensitive words, night hours, frequency limits,
  balance). --at is Beijing time; --kind defaults to notification.
  退出码 Exit code: 0 没有错误级检查结果（可能有警告）/ no error-severity finding (warnings allowed);
  1 至少有一项错误，服务商会拒绝或无法发送 / at least one error: the send would be refused
  or cannot be made (the estimate is still printed); 2 参数有误 / usage mistake.`;

/** A template file as people save it: UTF-8, perhaps with a BOM (Notepad) and a final newline. */
function readTemplateFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('cli.file_unreadable', { zh: `无法读取模板文件 ${path}：${why}`, en: `Cannot read the template file ${path}: ${why}` }, { path });
  }
}

function policyFrom(empty: string | undefined, text: string | undefined): EmptyPolicyView {
  switch (empty ?? 'refuse') {
    case 'refuse':
      return { kind: 'refuse' };
    case 'allow':
      return { kind: 'allow' };
    case 'default':
      return { kind: 'default', text: required(text, '--default') };
    default:
      throw new UsageError(`--empty 只能是 refuse、allow 或 default：${empty}`, `--empty is refuse, allow or default: ${empty}`);
  }
}

function count(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} 应为非负整数：${text}`, `${flag} takes a whole number: ${text}`);
  return n;
}

function describeTemplate(t: TemplateView): string {
  const empty = t.emptyPolicy === 'default' ? `default “${t.emptyDefault ?? ''}”` : t.emptyPolicy;
  return [`#${t.id} ${t.name}   空值 Empty: ${empty}   更新 Updated: ${t.updatedAt}`, t.body].join('\n');
}

const OPTIONS = {
  name: { type: 'string' },
  file: { type: 'string' },
  'template-file': { type: 'string' },
  template: { type: 'string' },
  empty: { type: 'string' },
  default: { type: 'string' },
  list: { type: 'string' },
  account: { type: 'string' },
  offset: { type: 'string' },
  limit: { type: 'string' },
  kind: { type: 'string' },
  at: { type: 'string' },
  'provider-template-id': { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** The body and empty policy from a file (with the --empty flags) or a saved template (with its own policy). */
function bodyFrom(templates: TemplateService, values: Values, fileFlag: 'file' | 'template-file'): { body: string; emptyPolicy: EmptyPolicyView } {
  if (values.template !== undefined) {
    const saved = templates.find(values.template);
    return { body: saved.body, emptyPolicy: values.empty ? policyFrom(values.empty, values.default) : policyOf(saved) };
  }
  return { body: readTemplateFile(required(values[fileFlag], `--${fileFlag}`)), emptyPolicy: policyFrom(values.empty, values.default) };
}

export async function templates(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, OPTIONS);
  return withCore(values['data-dir'], async (core) => {
    const service = new TemplateService(core.db);
    switch (sub) {
      case 'list': {
        const list = service.list();
        io.result(list, (l: TemplateView[]) =>
          l.length ? table(['ID', '名称 Name', '空值 Empty', '内容 Body'], l.map((t) => [t.id, t.name, t.emptyPolicy, t.body.replace(/\s+/g, ' ').slice(0, 40)])) : '还没有模板。用 qunfa templates save 保存。/ No templates yet; save one with qunfa templates save.',
        );
        return 0;
      }
      case 'show':
        io.result(service.find(required(positionals[0], 'NAME')), describeTemplate);
        return 0;
      case 'save': {
        const name = required(values.name, '--name');
        const existing = service.list().find((t) => t.name === name.trim());
        const saved = service.save({ id: existing?.id, name, body: readTemplateFile(required(values.file, '--file')), emptyPolicy: policyFrom(values.empty, values.default) });
        io.result(saved, (t: TemplateView) => `${existing ? '已更新模板 Template updated' : '已保存模板 Template saved'}:\n${describeTemplate(t)}`);
        return 0;
      }
      case 'delete': {
        const t = service.find(required(positionals[0], 'NAME'));
        service.delete(t.id);
        io.result({ deleted: t.name }, () => `已删除 Deleted: ${t.name}`);
        return 0;
      }
      case 'preview':
        return preview(core, service, values, io);
      default:
        throw new UsageError(`未知子命令：${sub ?? '(无)'}\n${templatesHelp}`, `Unknown subcommand: ${sub ?? '(none)'}`);
    }
  });
}

async function preview(core: Core, templates: TemplateService, values: Values, io: Io): Promise<number> {
  const estimates = new EstimateService(core.db, core.accounts);
  const page = estimates.preview({
    listId: estimates.list(required(values.list, '--list')).id,
    ...bodyFrom(templates, values, 'file'),
    accountId: values.account === undefined ? undefined : core.accounts.find(values.account).id,
    offset: count(values.offset, '--offset', 0),
    limit: Math.min(1000, Math.max(1, count(values.limit, '--limit', 20))),
  });
  io.result(page, (p: Page<PreviewRow>) =>
    [
      `共 ${p.total} 位收件人 recipients; 显示 showing ${p.rows.length}`,
      table(
        ['手机号 Mobile', '字数 Len', '条数 Parts', '空变量 Empty', '内容 Text'],
        p.rows.map((r) => [r.mobile, r.length, r.parts, r.empty.map((n) => `<${n}>`).join(' '), r.text]),
      ),
    ].join('\n'),
  );
  return 0;
}

function describeFinding(f: Finding): string {
  const who = f.count ? `   涉及 ${f.count} 位 recipients${f.examples.length ? `，例如 e.g. ${f.examples.join(', ')}` : ''}` : '';
  return [`  [${f.severity === 'error' ? '错误 error' : '警告 warning'}] ${f.rule}`, `    ${f.message.zh}`, `    ${f.message.en}`, `    → ${f.action.zh}`, `    → ${f.action.en}`, ...(who ? [who] : [])].join('\n');
}

/** Yuan with 2 decimals, or 4 where the price has them (money is kept in ten-thousandths). */
const yuan = (n: number): string => (Number.isInteger(Math.round(n * 10_000) / 100) ? n.toFixed(2) : n.toFixed(4));

export function describeEstimate(e: Estimate): string {
  const balance = e.balance
    ? `余额 Balance: ${e.balance.amount} (${e.balance.unit}) — ${e.fits ? '足够 enough' : '不足 not enough'}`
    : `余额未知 Balance unknown: ${e.balanceError?.zh ?? ''} / ${e.balanceError?.en ?? ''}`;
  return [
    `收件人 Recipients: ${e.recipients}${e.skippedOptedOut ? `（已跳过退订 ${e.skippedOptedOut} skipped as opted out）` : ''}`,
    table(['条数 Parts', '人数 Recipients'], e.distribution.map((d) => [d.parts, d.count])),
    `总条数 Total parts: ${e.totalParts}   单价 Unit price: ${e.unitPrice} 元   费用 Cost: ${yuan(e.cost)} 元`,
    ...(e.longest ? [`最长 Longest: ${e.longest.length} 字 chars, ${e.longest.parts} 条 parts (${e.longest.mobile})`, `  ${e.longest.text}`] : []),
    ...(e.extraPart.count
      ? [`因变量值多出条数 Pushed past the template's parts by their values: ${e.extraPart.count}（例如 e.g. ${e.extraPart.examples.map((x) => `${x.mobile} ${x.length}/${x.parts}`).join(', ')}）`]
      : []),
    balance,
    e.findings.length ? `检查结果 Findings (${e.findings.length}):\n${e.findings.map(describeFinding).join('\n')}` : '检查通过 No findings.',
  ].join('\n');
}

export async function estimate(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, OPTIONS);
  return withCore(values['data-dir'], async (core) => {
    const estimates = new EstimateService(core.db, core.accounts);
    const input = estimateRequest.safeParse({
      listId: estimates.list(required(values.list, '--list')).id,
      accountId: core.accounts.find(required(values.account, '--account')).id,
      ...bodyFrom(new TemplateService(core.db), values, 'template-file'),
      kind: values.kind ?? 'notification',
      sendAt: values.at,
      providerTemplateId: values['provider-template-id'],
    });
    if (!input.success) {
      const issue = input.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new UsageError(`参数 ${field} 无效：${issue?.message}`, `Invalid ${field}: ${issue?.message}`);
    }
    const result = await estimates.estimate(input.data);
    io.result(result, describeEstimate);
    return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  });
}
