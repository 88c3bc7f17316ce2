// Contacts: lists, their contacts, imports from files and the opt-out list. The lead's
// core wires these methods to the contract's lists.*, contacts.*, imports.* and
// optouts.* calls; the CLI calls them directly.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { ContactRow, Encoding, ImportInspection, ImportReport, ImportRequest, ListView, OptOutRow, Page, RejectedRows } from '../../shared/views';
import { AppError } from '../../shared/errors';
import { normalizeMobile } from '../../shared/mobile';
import { containsPattern, contactQueries, type ContactRecord, type ContactQueries, type ListRecord } from '../db/contacts';
import type { Db } from '../db/open';
import { optoutQueries, type OptoutQueries } from '../db/optouts';
import type { CoreEvents } from '../core/events';
import { ImportFiles, newImportId } from './import-files';
import { ListTarget, listExists, listNotFound, OptoutTarget } from './import-targets';
import type { CheckThread } from './import-thread';
import { MAX_FIELD_CHARS, runImport, type ImportJob, type ImportOutcome, type ImportTarget } from './importer';
import { removeAbandonedLists } from './hidden-list';
import { inspectFile } from './inspect';
import { mergedFields } from './merge';

/** import.progress events at most this often while an import runs. */
const PROGRESS_MS = 100;

interface Running {
  flags: { cancelled: boolean };
  done: Promise<ImportOutcome>;
}

const toListView = (l: ListRecord, contacts: number): ListView => ({
  id: l.id,
  name: l.name,
  fields: JSON.parse(l.fields) as string[],
  contacts,
  updatedAt: l.updated_at,
});

const toContactRow = (r: ContactRecord): ContactRow => ({ id: r.id, mobile: r.mobile, fields: JSON.parse(r.fields) as string[], optedOut: r.opted_out === 1 });

function listName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 60) {
    throw new AppError('lists.name', { zh: '列表名称不能为空，且不超过 60 个字。', en: 'A list name must be 1 to 60 characters.' });
  }
  return trimmed;
}

function invalidMobile(raw: string, message: { zh: string; en: string }): AppError {
  return new AppError('contacts.invalid_mobile', message, { mobile: raw });
}

function importRunning(importId: string): AppError {
  return new AppError('import.running', { zh: '导入还在进行中，完成后才能下载未导入的行。', en: 'The import is still running; the rejected rows can be downloaded when it ends.' }, { importId });
}

export class ContactService {
  private readonly q: ContactQueries;
  private readonly optouts: OptoutQueries;
  private readonly files: ImportFiles;
  private readonly running = new Map<string, Running>();
  private readonly events: CoreEvents;
  /** Where imports check their rows: 'auto' (by file size) but in tests. */
  private readonly importThread: CheckThread;

  constructor(
    private readonly db: Db,
    deps: { events: CoreEvents; dataDir: string; importThread?: CheckThread },
  ) {
    this.importThread = deps.importThread ?? 'auto';
    this.q = contactQueries(db);
    this.optouts = optoutQueries(db);
    this.files = new ImportFiles(deps.dataDir);
    this.events = deps.events;
    // New lists a crashed import left hidden, half filled: no one will reveal them.
    removeAbandonedLists(db);
  }

  private now = (): string => new Date().toISOString();

  private changed(...what: ('lists' | 'contacts' | 'optouts')[]): void {
    for (const w of what) this.events.emit('data.changed', { what: w });
  }

  private listRecord(id: number): ListRecord {
    const list = this.q.list(id);
    if (!list) throw listNotFound(String(id));
    return list;
  }

  // ---------- lists ----------

  lists(): ListView[] {
    return this.q.lists().map((l) => toListView(l, this.q.count(l.id)));
  }

  list(id: number): ListView {
    const list = this.listRecord(id);
    return toListView(list, this.q.count(id));
  }

  /** By name, else by id (the CLI's way of naming a list). */
  findList(nameOrId: string): ListView {
    const byName = this.q.listByName(nameOrId.trim());
    if (byName) return toListView(byName, this.q.count(byName.id));
    if (/^\d+$/.test(nameOrId) && this.q.list(Number(nameOrId))) return this.list(Number(nameOrId));
    throw listNotFound(nameOrId);
  }

  createList(name: string): ListView {
    const n = listName(name);
    if (this.q.listByName(n)) throw listExists(n);
    const id = this.q.insertList(n, [], this.now());
    this.changed('lists');
    return this.list(id);
  }

  renameList(id: number, name: string): ListView {
    this.listRecord(id);
    const n = listName(name);
    const other = this.q.listByName(n);
    if (other && other.id !== id) throw listExists(n);
    this.q.renameList(id, n, this.now());
    this.changed('lists');
    return this.list(id);
  }

  deleteList(id: number): void {
    this.listRecord(id);
    this.q.deleteList(id);
    this.changed('lists', 'contacts');
  }

  /**
   * A new list holding every contact of the sources, each mobile once (the first list
   * given wins). Its fields are the union of the sources' field names in order; each
   * contact's values move to the field of the same name, empty where its list had none.
   */
  mergeLists(sourceIds: number[], name: string): ListView {
    const n = listName(name);
    const ids = [...new Set(sourceIds)];
    if (ids.length < 2) {
      throw new AppError('lists.merge_sources', { zh: '合并至少需要两个不同的列表。', en: 'Merging needs at least two different lists.' });
    }
    const sources = ids.map((id) => this.listRecord(id));
    if (this.q.listByName(n)) throw listExists(n);
    const { fields, mappings } = mergedFields(sources.map((s) => JSON.parse(s.fields) as string[]));
    const id = this.db.transaction(() => {
      const target = this.q.insertList(n, fields, this.now());
      sources.forEach((s, i) => this.q.copyInto(target, s.id, mappings[i].map, mappings[i].identity));
      return target;
    })();
    this.changed('lists', 'contacts');
    return this.list(id);
  }

  // ---------- contacts ----------

  /** Search matches a mobile substring or any field's text. */
  page(listId: number, opts: { search?: string; offset: number; limit: number }): Page<ContactRow> {
    this.listRecord(listId);
    const search = opts.search?.trim() ?? '';
    if (search === '') {
      return { total: this.q.count(listId), rows: this.q.page(listId, opts.offset, opts.limit).map(toContactRow) };
    }
    const digits = search.replace(/[\s-]/g, '');
    const found = this.q.search(
      {
        listId,
        mobile: containsPattern(/^\d+$/.test(digits) ? digits : search),
        json: containsPattern(JSON.stringify(search).slice(1, -1)),
        text: containsPattern(search),
      },
      opts.offset,
      opts.limit,
    );
    return { total: found.total, rows: found.rows.map(toContactRow) };
  }

  /** Values in the list's field order; missing trailing ones are left empty. */
  addContact(listId: number, mobile: string, fields: string[]): ContactRow {
    const list = this.listRecord(listId);
    const normalized = normalizeMobile(mobile);
    if (!normalized.ok) throw invalidMobile(mobile, normalized.message);
    const names = JSON.parse(list.fields) as string[];
    if (fields.length > names.length) {
      throw new AppError('contacts.fields', {
        zh: `给了 ${fields.length} 个字段值，列表“${list.name}”只有 ${names.length} 个字段（${names.join('、') || '无'}）。`,
        en: `${fields.length} values given; the list "${list.name}" has ${names.length} fields (${names.join(', ') || 'none'}).`,
      });
    }
    const long = fields.findIndex((f) => f.length > MAX_FIELD_CHARS);
    if (long >= 0) {
      throw new AppError('contacts.field_long', { zh: `“${names[long]}”超过 ${MAX_FIELD_CHARS} 个字符。`, en: `"${names[long]}" is longer than ${MAX_FIELD_CHARS} characters.` });
    }
    if (this.q.has(listId, normalized.mobile)) {
      throw new AppError('contacts.duplicate', { zh: `列表“${list.name}”中已有 ${normalized.mobile}。`, en: `${normalized.mobile} is already in "${list.name}".` }, { mobile: normalized.mobile });
    }
    const values = names.map((_, i) => (fields[i] ?? '').trim());
    const id = this.db.transaction(() => {
      this.q.touchList(listId, this.now());
      return this.q.insertContact(listId, normalized.mobile, values);
    })();
    this.changed('contacts', 'lists');
    const row = this.q.contact(id);
    if (!row) throw new Error(`contact ${id} vanished`);
    return toContactRow(row);
  }

  removeContacts(listId: number, ids: number[]): number {
    this.listRecord(listId);
    const removed = this.db.transaction(() => {
      const n = ids.reduce((sum, id) => sum + this.q.deleteContact(listId, id), 0);
      if (n > 0) this.q.touchList(listId, this.now());
      return n;
    })();
    if (removed > 0) this.changed('contacts', 'lists');
    return removed;
  }

  // ---------- imports ----------

  inspect(path: string, opts: { encoding?: Encoding; delimiter?: string; hasHeader?: boolean } = {}): Promise<ImportInspection> {
    return inspectFile(path, opts);
  }

  /**
   * Starts an import in the background and returns at once; progress comes as
   * import.progress events, the outcome from waitImport or report. A wrong list or a
   * missing file is refused here; what is wrong inside the file ends in a failed report.
   */
  startImport(path: string, req: Omit<ImportRequest, 'source'>): { importId: string } {
    if ((req.listId === undefined) === (req.newListName === undefined)) {
      throw new AppError('import.destination', { zh: '请选择要导入的列表，或填写新列表的名称（二选一）。', en: 'Give either the list to import into or the name of a new list.' });
    }
    const dest = req.listId !== undefined ? { listId: req.listId } : { newListName: listName(req.newListName ?? '') };
    const target = new ListTarget(this.db, this.q, this.optouts, dest, this.now);
    const { encoding, delimiter, hasHeader, mobileColumn, fieldColumns } = req;
    return this.launch(path, target, { encoding, delimiter, hasHeader, mobileColumn, fieldColumns });
  }

  /**
   * Imports mobiles into the opt-out list (the column that holds them is found). `name`:
   * the file's name as the user knows it (the opt-outs' note), an upload's original name.
   */
  importOptouts(path: string, encoding?: Encoding, name = basename(path)): { importId: string } {
    return this.launch(path, new OptoutTarget(this.db, this.optouts, name, this.now), { encoding });
  }

  private launch(path: string, target: ImportTarget, read: ImportJob['read']): { importId: string } {
    if (!existsSync(path)) throw new AppError('import.unreadable', { zh: `找不到文件：${path}`, en: `File not found: ${path}` }, { path });
    const importId = newImportId();
    const flags = { cancelled: false };
    const seen = { at: 0, rowsRead: 0, bytesRead: 0, totalBytes: 0, writing: false };
    const job: ImportJob = {
      id: importId,
      path,
      read,
      target,
      thread: this.importThread,
      isCancelled: () => flags.cancelled,
      progress: (rowsRead, bytesRead, totalBytes) => {
        Object.assign(seen, { rowsRead, bytesRead, totalBytes });
        const now = Date.now();
        if (now - seen.at < PROGRESS_MS) return;
        seen.at = now;
        this.events.emit('import.progress', { importId, state: 'running', rowsRead, bytesRead, totalBytes });
      },
      writing: (rows, of) => {
        const now = Date.now();
        // The first is told at once: the view turns from reading to writing.
        if (seen.writing && now - seen.at < PROGRESS_MS) return;
        seen.writing = true;
        seen.at = now;
        this.events.emit('import.progress', { importId, state: 'running', rowsRead: seen.rowsRead, bytesRead: seen.bytesRead, totalBytes: seen.totalBytes, written: { rows, of } });
      },
    };
    const run = async (): Promise<ImportOutcome> => {
      try {
        const report = await runImport(this.db, this.files, job);
        this.files.saveReport(report);
        this.events.emit('import.progress', { importId, state: report.state, rowsRead: report.read, bytesRead: seen.bytesRead, totalBytes: seen.totalBytes });
        if (report.state === 'done') this.changed(...(target instanceof OptoutTarget ? (['optouts', 'contacts'] as const) : (['contacts', 'lists'] as const)));
        return report;
      } finally {
        this.running.delete(importId);
      }
    };
    this.running.set(importId, { flags, done: run() });
    return { importId };
  }

  /** The report once the import has ended (done, cancelled or failed: never rejects for those). */
  async waitImport(importId: string): Promise<ImportOutcome> {
    const entry = this.running.get(importId);
    if (entry) return entry.done;
    const report = this.files.report(importId);
    if (!report) throw new AppError('import.not_found', { zh: `找不到导入记录 ${importId}。`, en: `No import ${importId}.` }, { importId });
    return report as ImportOutcome;
  }

  /** Stops a running import before it writes anything; the list stays as it was. A finished import is left alone. */
  cancelImport(importId: string): void {
    const entry = this.running.get(importId);
    if (entry) entry.flags.cancelled = true;
  }

  /** null while the import runs. */
  report(importId: string): ImportReport | null {
    if (this.running.has(importId)) return null;
    return this.files.report(importId);
  }

  rejected(importId: string): RejectedRows {
    if (this.running.has(importId)) throw importRunning(importId);
    const report = this.files.report(importId);
    const name = (report?.listName ?? 'import').replace(/[\\/:*?"<>|\s]+/g, '_');
    return { filename: `${name}-未导入的行-rejected-${importId.slice(0, 6)}.csv`, csv: this.files.rejectedCsv(importId) };
  }

  /** The rejected rows' CSV file itself (the CLI prints where it is). */
  rejectedPath(importId: string): string {
    if (this.running.has(importId)) throw importRunning(importId);
    return this.files.rejectedPath(importId);
  }

  /** Cancels running imports and waits for them to end (before the database closes). */
  async stopImports(): Promise<void> {
    const all = [...this.running.values()];
    for (const entry of all) entry.flags.cancelled = true;
    await Promise.all(all.map((e) => e.done));
  }

  // ---------- opt-outs ----------

  optoutsPage(opts: { search?: string; offset: number; limit: number }): Page<OptOutRow> {
    const digits = (opts.search ?? '').replace(/\D/g, '');
    return this.optouts.page(containsPattern(digits), opts.offset, opts.limit);
  }

  addOptouts(mobiles: string[], note?: string, source: OptOutRow['source'] = 'manual'): { added: number; invalid: string[] } {
    const invalid: string[] = [];
    const now = this.now();
    const added = this.db.transaction(() => {
      let n = 0;
      for (const raw of mobiles) {
        const m = normalizeMobile(raw);
        if (m.ok) n += this.optouts.add(m.mobile, source, note?.trim() || null, now);
        else invalid.push(raw);
      }
      return n;
    })();
    if (added > 0) this.changed('optouts', 'contacts');
    return { added, invalid };
  }

  removeOptouts(mobiles: string[]): { removed: number } {
    const removed = this.db.transaction(() =>
      mobiles.reduce((n, raw) => {
        const m = normalizeMobile(raw);
        return n + this.optouts.remove(m.ok ? m.mobile : raw.trim());
      }, 0),
    )();
    if (removed > 0) this.changed('optouts', 'contacts');
    return { removed };
  }

  isOptedOut(mobile: string): boolean {
    const m = normalizeMobile(mobile);
    return m.ok && this.optouts.has(m.mobile);
  }
}

