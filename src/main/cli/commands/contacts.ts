// qunfa contacts import|list|add, qunfa lists …, qunfa optouts …
import type { ContactRow, Encoding, ImportProgress, ListView, OptOutRow, Page } from '../../../shared/views';
import { AppError } from '../../../shared/errors';
import { ContactService } from '../../contacts/service';
import type { ImportOutcome } from '../../contacts/importer';
import type { Core } from '../../core/core';
import { parse, required } from '../args';
import { withCore } from '../context';
import { table, UsageError, type Io } from '../io';

const ENCODINGS: readonly Encoding[] = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];

export const contactsHelp = `qunfa contacts <import|list|add> [--data-dir D] [--json]
  import FILE --list NAME [--encoding utf-8|gb18030|utf-16le|utf-16be] [--mobile-column N|表头]
              [--delimiter X] [--no-header]
      导入 CSV/TSV/TXT 或 .xlsx 到列表（列表不存在时新建）。编码、分隔符、表头和手机号列会自动识别。
      Imports a CSV/TSV/TXT or .xlsx file into a list (created when missing). Encoding, delimiter,
      header and mobile column are detected; N counts from 1. Ctrl-C cancels, leaving the list as it was.
  list --list NAME [--search S] [--offset N] [--limit N]     列表中的联系人 / a list's contacts
  add --list NAME --mobile M [--field 值 ...]                添加联系人（字段按列表顺序）/ add a contact (values in field order)`;

export const listsHelp = `qunfa lists [list | create NAME | rename OLD NEW | delete NAME | merge --into NAME A B ...] [--data-dir D] [--json]
  list                    所有列表 / all lists (the default)
  create NAME             新建空列表 / create an empty list
  rename OLD NEW          改名 / rename
  delete NAME             删除列表及其联系人 / delete a list and its contacts
  merge --into NAME A B   合并为新列表（按手机号去重）/ merge into a new list (one row per mobile)`;

export const optoutsHelp = `qunfa optouts <list|add|remove|import> [--data-dir D] [--json]
  list [--search S] [--offset N] [--limit N]   退订名单 / the opt-out list
  add M ... [--note 备注]                      加入退订 / add mobiles
  remove M ...                                 移出退订 / remove mobiles
  import FILE [--encoding E]                   从文件导入（自动找到手机号列）/ import from a file (mobile column detected)`;

/** The contacts service on a CLI core. */
function service(core: Core): ContactService {
  return core.contacts;
}

function encodingFlag(value: string | undefined): Encoding | undefined {
  if (value === undefined) return undefined;
  const found = ENCODINGS.find((e) => e === value.toLowerCase().replace(/^gbk$|^gb2312$/, 'gb18030').replace(/^utf8$/, 'utf-8'));
  if (!found) throw new UsageError(`--encoding 只能是 ${ENCODINGS.join('、')}：${value}`, `--encoding must be one of ${ENCODINGS.join(', ')}: ${value}`);
  return found;
}

function delimiterFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === 'tab' || value === '\\t' ? '\t' : value;
}

function intFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} 需要一个非负整数：${value}`, `${flag} takes a whole number: ${value}`);
  return Number(value);
}

const pageFlags = { search: { type: 'string' }, offset: { type: 'string' }, limit: { type: 'string' } } as const;
const pageOf = (values: { search?: string; offset?: string; limit?: string }) => ({
  search: values.search,
  offset: intFlag(values.offset, '--offset', 0),
  limit: Math.min(intFlag(values.limit, '--limit', 100), 1000),
});

/** N (from 1) or a header name, to the column index. */
function mobileColumnOf(flag: string | undefined, headers: string[], detected: number | null): number {
  if (flag === undefined) {
    if (detected !== null) return detected;
    throw new AppError('import.no_mobile_column', {
      zh: `没有找到手机号所在的列，请用 --mobile-column 指定（列：${headers.join('、')}）。`,
      en: `No column looks like mobiles; name it with --mobile-column (columns: ${headers.join(', ')}).`,
    });
  }
  const index = /^\d+$/.test(flag) ? Number(flag) - 1 : headers.indexOf(flag.trim());
  if (index < 0 || index >= headers.length) {
    throw new UsageError(`--mobile-column 不存在：${flag}（列：${headers.join('、')}）`, `No column ${flag} (columns: ${headers.join(', ')})`);
  }
  return index;
}

function describeReport(r: ImportOutcome, rejectedFile: string | null): string {
  const head = {
    done: `导入完成 Import done: 列表 List “${r.listName}”${r.listId ? ` (id ${r.listId})` : ''}`,
    cancelled: '导入已取消，列表未改动 / Import cancelled; the list is unchanged',
    failed: '导入失败，列表未改动 / Import failed; the list is unchanged',
  }[r.state];
  const lines = [
    head,
    `读取 Read ${r.read} · 导入 Imported ${r.imported} · 号码无效 Invalid ${r.invalid} · 文件内重复 Repeated ${r.duplicateInFile} · 已存在 Already there ${r.duplicateInList}`,
  ];
  if (r.optedOut) lines.push(`其中 ${r.optedOut} 个号码在退订名单中（营销短信会跳过）/ ${r.optedOut} imported mobiles are opted out (skipped for marketing)`);
  if (r.shortRows) lines.push(`${r.shortRows} 行的单元格比表头少，缺的字段留空 / ${r.shortRows} rows had fewer cells than the header; their missing fields are empty`);
  if (r.rejected && rejectedFile) lines.push(`未导入的行 Rejected rows: ${rejectedFile}`);
  if (r.error) lines.push(`错误：${r.error.zh}`, `Error: ${r.error.en}`);
  return lines.join('\n');
}

/** Waits for an import, showing progress on stderr and cancelling on Ctrl-C. */
async function follow(core: Core, contacts: ContactService, importId: string, io: Io): Promise<ImportOutcome> {
  const off = core.events.on('import.progress', (p: ImportProgress) => {
    if (p.importId !== importId || p.state !== 'running') return;
    if (p.written) {
      io.note(`已写入新列表 Written ${p.written.rows}/${p.written.of} 行 rows`);
      return;
    }
    const pct = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0;
    io.note(`已读取 Read ${p.rowsRead} 行 rows (${pct}%)`);
  });
  const cancel = (): void => contacts.cancelImport(importId);
  process.once('SIGINT', cancel);
  try {
    return await contacts.waitImport(importId);
  } finally {
    off();
    process.off('SIGINT', cancel);
  }
}

function rejectedFileOf(contacts: ContactService, report: ImportOutcome): string | null {
  return report.rejected > 0 ? contacts.rejectedPath(report.importId) : null;
}

export async function contacts(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'import': {
      const { values, positionals } = parse(rest, {
        list: { type: 'string' },
        encoding: { type: 'string' },
        'mobile-column': { type: 'string' },
        delimiter: { type: 'string' },
        'no-header': { type: 'boolean', default: false },
      });
      const file = required(positionals[0], 'FILE');
      const name = required(values.list, '--list');
      const encoding = encodingFlag(values.encoding);
      const delimiter = delimiterFlag(values.delimiter);
      return withCore(values['data-dir'], async (core) => {
        const svc = service(core);
        const insp = await svc.inspect(file, { encoding, delimiter, hasHeader: values['no-header'] ? false : undefined });
        const mobileColumn = mobileColumnOf(values['mobile-column'], insp.headers, insp.mobileColumn);
        const existing = svc.lists().find((l) => l.name === name.trim());
        const dest = existing ? { listId: existing.id } : { newListName: name };
        io.note(`${existing ? '导入到列表' : '新建列表'} “${name}”：${insp.format === 'xlsx' ? 'Excel' : `${insp.encoding}`}，手机号列 ${mobileColumn + 1}（${insp.headers[mobileColumn]}）`);
        const { importId } = svc.startImport(file, { ...dest, encoding, delimiter: insp.format === 'csv' ? insp.delimiter : undefined, hasHeader: insp.hasHeader, mobileColumn });
        const report = await follow(core, svc, importId, io);
        io.result(report, (r: ImportOutcome) => describeReport(r, rejectedFileOf(svc, r)));
        return report.state === 'done' ? 0 : 1;
      });
    }
    case 'list': {
      const { values } = parse(rest, { list: { type: 'string' }, ...pageFlags });
      const name = required(values.list, '--list');
      const { list, page } = await withCore(values['data-dir'], async (core) => {
        const svc = service(core);
        const l = svc.findList(name);
        return { list: l, page: svc.page(l.id, pageOf(values)) };
      });
      io.result(page, (p: Page<ContactRow>) =>
        [
          table(
            ['ID', '手机 Mobile', ...list.fields, '退订 Opt-out'],
            p.rows.map((r) => [r.id, r.mobile, ...r.fields, r.optedOut ? '是 yes' : '']),
          ),
          `共 ${p.total} 条 / ${p.total} in all`,
        ].join('\n'),
      );
      return 0;
    }
    case 'add': {
      const { values } = parse(rest, { list: { type: 'string' }, mobile: { type: 'string' }, field: { type: 'string', multiple: true } });
      const name = required(values.list, '--list');
      const mobile = required(values.mobile, '--mobile');
      const row = await withCore(values['data-dir'], async (core) => {
        const svc = service(core);
        return svc.addContact(svc.findList(name).id, mobile, values.field ?? []);
      });
      io.result(row, (r: ContactRow) => `已添加 Added ${r.mobile} (id ${r.id})${r.optedOut ? '（在退订名单中 / opted out）' : ''}`);
      return 0;
    }
    default:
      throw new UsageError(`未知子命令：${sub ?? '(无)'}\n${contactsHelp}`, `Unknown subcommand: ${sub ?? '(none)'}`);
  }
}

const listTable = (ls: ListView[]): string =>
  ls.length === 0
    ? '还没有列表。用 qunfa contacts import 或 qunfa lists create 新建。/ No lists yet; import a file or create one.'
    : table(['ID', '名称 Name', '联系人 Contacts', '字段 Fields', '更新 Updated'], ls.map((l) => [l.id, l.name, l.contacts, l.fields.join(', '), l.updatedAt]));

export async function lists(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  const sub = first === undefined || first.startsWith('-') ? 'list' : first;
  const args = sub === first ? rest : argv;
  const { values, positionals } = parse(args, { into: { type: 'string' } });
  const result = await withCore(values['data-dir'], async (core) => {
    const svc = service(core);
    switch (sub) {
      case 'list':
        return svc.lists();
      case 'create':
        return svc.createList(required(positionals[0], 'NAME'));
      case 'rename':
        return svc.renameList(svc.findList(required(positionals[0], 'OLD')).id, required(positionals[1], 'NEW'));
      case 'delete': {
        const l = svc.findList(required(positionals[0], 'NAME'));
        svc.deleteList(l.id);
        return { deleted: l.name, contacts: l.contacts };
      }
      case 'merge': {
        const into = required(values.into, '--into');
        if (positionals.length < 2) throw new UsageError('合并至少需要两个列表。', 'Merging needs at least two lists.');
        return svc.mergeLists(positionals.map((n) => svc.findList(n).id), into);
      }
      default:
        throw new UsageError(`未知子命令：${sub}\n${listsHelp}`, `Unknown subcommand: ${sub}`);
    }
  });
  io.result(result, (r: ListView[] | ListView | { deleted: string; contacts: number }) => {
    if (Array.isArray(r)) return listTable(r);
    if ('deleted' in r) return `已删除列表 Deleted “${r.deleted}”（${r.contacts} 个联系人 contacts）`;
    return listTable([r]);
  });
  return 0;
}

export async function optouts(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, { ...pageFlags, note: { type: 'string' }, encoding: { type: 'string' } });
  const needMobiles = (): string[] => {
    if (positionals.length === 0) throw new UsageError('请给出至少一个手机号。', 'Give at least one mobile.');
    return positionals;
  };
  switch (sub) {
    case 'list': {
      const page = await withCore(values['data-dir'], async (core) => service(core).optoutsPage(pageOf(values)));
      io.result(page, (p: Page<OptOutRow>) =>
        [table(['手机 Mobile', '来源 Source', '备注 Note', '时间 Added'], p.rows.map((o) => [o.mobile, o.source, o.note, o.createdAt])), `共 ${p.total} 个 / ${p.total} in all`].join('\n'),
      );
      return 0;
    }
    case 'add': {
      const mobiles = needMobiles();
      const r = await withCore(values['data-dir'], async (core) => service(core).addOptouts(mobiles, values.note));
      io.result(r, (x: typeof r) => `已加入 Added ${x.added}${x.invalid.length ? `；无效 Invalid: ${x.invalid.join(', ')}` : ''}`);
      return r.invalid.length ? 1 : 0;
    }
    case 'remove': {
      const mobiles = needMobiles();
      const r = await withCore(values['data-dir'], async (core) => service(core).removeOptouts(mobiles));
      io.result(r, (x: typeof r) => `已移出 Removed ${x.removed}`);
      return 0;
    }
    case 'import': {
      const file = required(positionals[0], 'FILE');
      const encoding = encodingFlag(values.encoding);
      return withCore(values['data-dir'], async (core) => {
        const svc = service(core);
        const { importId } = svc.importOptouts(file, encoding);
        const report = await follow(core, svc, importId, io);
        io.result(report, (r: ImportOutcome) => describeReport(r, rejectedFileOf(svc, r)));
        return report.state === 'done' ? 0 : 1;
      });
    }
    default:
      throw new UsageError(`未知子命令：${sub ?? '(无)'}\n${optoutsHelp}`, `Unknown subcommand: ${sub ?? '(none)'}`);
  }
}
