// Where imported rows go. A contact list: an existing one (fields matched by name, rows
// staged and added in the final transaction) or a new one (rows written straight into
// a hidden list the final transaction reveals: see hidden-list.ts), so that a
// cancelled or failed import never leaves a list behind, not even after a crash. Or
// the opt-out list (staged).
import type { Bilingual } from '../../shared/providers';
import { AppError } from '../../shared/errors';
import type { ContactQueries } from '../db/contacts';
import { ImportStaging } from '../db/import-staging';
import type { Db } from '../db/open';
import type { OptoutQueries } from '../db/optouts';
import { NewListSink } from './hidden-list';
import { checkColumn, type ImportTarget, type RowSink } from './importer';
import type { Layout } from './layout';

/** As many fields as contacts.add accepts. */
export const MAX_FIELDS = 100;

export type ListDestination = { listId: number } | { newListName: string };

function keptColumns(layout: Layout, mobileColumn: number, fieldColumns?: number[]): number[] {
  const kept = fieldColumns ?? layout.headers.map((_, i) => i).filter((i) => i !== mobileColumn);
  for (const c of kept) checkColumn(c, layout.headers, '字段列', 'field column');
  if (kept.includes(mobileColumn) || new Set(kept).size !== kept.length) {
    throw new AppError('import.columns', {
      zh: '字段列不能重复，也不能包含手机号列。',
      en: 'Field columns must not repeat or include the mobile column.',
    });
  }
  if (kept.length > MAX_FIELDS) {
    throw new AppError('import.columns', {
      zh: `最多保留 ${MAX_FIELDS} 列作为字段，文件有 ${kept.length} 列：请只选择需要的列。`,
      en: `At most ${MAX_FIELDS} columns can be kept as fields; the file has ${kept.length}: choose the ones you need.`,
    });
  }
  return kept;
}

export function listChanged(name: string): AppError {
  return new AppError('import.list_changed', {
    zh: `列表“${name}”在导入期间被删除或修改了字段，本次导入未写入任何内容。请重新导入。`,
    en: `The list "${name}" was deleted or its fields changed during the import; nothing was written. Import again.`,
  });
}

export class ListTarget implements ImportTarget {
  readonly listId: number;
  readonly listName: string;
  readonly alreadyThere: Bilingual = { zh: '列表中已有这个号码。', en: 'This mobile is already in the list.' };
  committedListId = 0;
  /** The list's fields when the import began: a change by the time of commit fails it. */
  private fieldsAtStart = '[]';
  /** Fields the list takes from the file (a new or empty list); null to keep its own. */
  private adopt: string[] | null = null;
  private staging: ImportStaging | null = null;
  private newList: NewListSink | null = null;

  constructor(
    private readonly db: Db,
    private readonly q: ContactQueries,
    private readonly optouts: OptoutQueries,
    dest: ListDestination,
    private readonly now: () => string,
  ) {
    if ('listId' in dest) {
      const list = q.list(dest.listId);
      if (!list) throw listNotFound(String(dest.listId));
      this.listId = list.id;
      this.listName = list.name;
      this.fieldsAtStart = list.fields;
    } else {
      if (q.listByName(dest.newListName)) throw listExists(dest.newListName);
      this.listId = 0;
      this.listName = dest.newListName;
    }
  }

  /**
   * Into an existing list that has contacts, columns are matched to its fields by
   * header name (their order in the file does not matter); a missing or extra column
   * is an error naming it. A new or empty list takes the file's columns as its fields.
   */
  columns(layout: Layout, mobileColumn: number, fieldColumns?: number[]): number[] {
    const kept = keptColumns(layout, mobileColumn, fieldColumns);
    const names = kept.map((c) => layout.headers[c]);
    if (this.listId === 0 || this.q.count(this.listId) === 0) {
      this.adopt = names;
      return kept;
    }
    const fields = JSON.parse(this.fieldsAtStart) as string[];
    const missing = fields.filter((f) => !names.includes(f));
    const extra = names.filter((n) => !fields.includes(n));
    if (missing.length > 0 || extra.length > 0) {
      throw new AppError(
        'import.fields_mismatch',
        {
          zh: `文件的列与列表“${this.listName}”的字段不一致${missing.length ? `；缺少：${missing.join('、')}` : ''}${extra.length ? `；多出：${extra.join('、')}` : ''}。列表的字段是：${fields.join('、') || '（无）'}。请调整表头或只选择这些列，或导入到新列表。`,
          en: `The file's columns do not match the fields of "${this.listName}"${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; extra: ${extra.join(', ')}` : ''}. The list's fields are: ${fields.join(', ') || '(none)'}. Rename the headers, pick only those columns, or import into a new list.`,
        },
        { missing, extra },
      );
    }
    return fields.map((f) => kept[names.indexOf(f)]);
  }

  existing(): Iterable<string[]> {
    return this.listId === 0 ? [] : this.q.mobiles(this.listId);
  }

  flagged(): Iterable<string[]> {
    return this.optouts.mobiles();
  }

  open(): RowSink {
    if (this.listId === 0) return (this.newList = new NewListSink(this.db, this.now));
    return (this.staging = new ImportStaging(this.db));
  }

  async fill(isCancelled: () => boolean, progress: (written: number, of: number) => void): Promise<void> {
    await this.newList?.fill(isCancelled, progress);
  }

  commit(): number {
    const now = this.now();
    if (this.newList) {
      if (this.q.listByName(this.listName)) throw listExists(this.listName);
      const added = this.newList.reveal(this.listName, this.adopt ?? [], now);
      this.committedListId = this.newList.listId;
      return added;
    }
    const id = this.listId;
    const staging = this.staging;
    const list = this.q.list(id);
    if (!staging || !list || list.fields !== this.fieldsAtStart) throw listChanged(this.listName);
    if (this.adopt) {
      if (this.q.count(id) > 0) throw listChanged(this.listName);
      this.q.setFields(id, this.adopt, now);
    } else this.q.touchList(id, now);
    this.committedListId = id;
    return staging.intoContacts(id);
  }

  async close(committed: boolean): Promise<void> {
    this.staging?.drop();
    try {
      if (!committed) await this.newList?.remove();
    } finally {
      this.newList?.close();
    }
  }
}

export class OptoutTarget implements ImportTarget {
  readonly listId = 0;
  readonly committedListId = 0;
  readonly listName = '退订名单 Opt-outs';
  readonly alreadyThere: Bilingual = { zh: '已在退订名单中。', en: 'Already on the opt-out list.' };

  private staging: ImportStaging | null = null;

  constructor(
    private readonly db: Db,
    private readonly optouts: OptoutQueries,
    private readonly note: string,
    private readonly now: () => string,
  ) {}

  columns(): number[] {
    return [];
  }
  existing(): Iterable<string[]> {
    return this.optouts.mobiles();
  }
  flagged(): Iterable<string[]> {
    return [];
  }
  open(): RowSink {
    return (this.staging = new ImportStaging(this.db));
  }
  fill(): Promise<void> {
    return Promise.resolve();
  }
  commit(): number {
    if (!this.staging) throw new Error('commit before open');
    return this.staging.intoOptouts(this.note, this.now());
  }
  close(): Promise<void> {
    this.staging?.drop();
    return Promise.resolve();
  }
}

export function listNotFound(what: string): AppError {
  return new AppError('lists.not_found', { zh: `找不到列表“${what}”。`, en: `No list "${what}".` }, { list: what });
}

export function listExists(name: string): AppError {
  return new AppError('lists.duplicate', { zh: `已有名为“${name}”的列表，请换一个名称。`, en: `A list named "${name}" exists; choose another name.` }, { name });
}
