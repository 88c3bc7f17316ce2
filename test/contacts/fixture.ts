// A contact service on a real SQLite file in a temp folder, and contact files written
// the way Excel and friends write them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { EventName, EventPayload, ImportRequest } from '../../src/shared/contract';
import type { CheckThread } from '../../src/main/contacts/import-thread';
import type { ImportOutcome } from '../../src/main/contacts/importer';
import { ContactService } from '../../src/main/contacts/service';
import { CoreEvents } from '../../src/main/core/events';
import { openDatabase, type Db } from '../../src/main/db/open';
import { tempDir } from '../helpers/tmp';

export interface Fixture {
  dir: string;
  db: Db;
  events: CoreEvents;
  contacts: ContactService;
  /** Writes a file into the temp folder; returns its path. */
  file(name: string, content: string | Buffer | Uint8Array): string;
  /** Every payload of an event, as it happened. */
  seen<E extends EventName>(name: E): EventPayload<E>[];
  /** Starts an import and waits for its report. */
  importInto(path: string, req: Omit<ImportRequest, 'source'>): Promise<ImportOutcome>;
  /** A list's contacts as [mobile, ...fields]. */
  rows(listId: number): string[][];
  close(): void;
}

export function fixture(opts: { importThread?: CheckThread } = {}): Fixture {
  const tmp = tempDir('qunfa-contacts-');
  const db = openDatabase(join(tmp.path, 'qunfa.db'));
  const events = new CoreEvents();
  const contacts = new ContactService(db, { events, dataDir: tmp.path, importThread: opts.importThread });
  return {
    dir: tmp.path,
    db,
    events,
    contacts,
    file(name, content) {
      const path = join(tmp.path, name);
      writeFileSync(path, content);
      return path;
    },
    seen(name) {
      const all: EventPayload<typeof name>[] = [];
      events.on(name, (p) => all.push(p));
      return all;
    },
    importInto(path, req) {
      return contacts.waitImport(contacts.startImport(path, req).importId);
    },
    rows(listId) {
      return contacts.page(listId, { offset: 0, limit: 1000 }).rows.map((r) => [r.mobile, ...r.fields]);
    },
    close() {
      db.close();
      tmp.remove();
    },
  };
}

export const gbk = (text: string): Buffer => iconv.encode(text, 'gbk');
export const utf8Bom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
export const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
}

/** The CSV a Chinese Excel saves: GBK, no BOM, CRLF. */
export const SHOP_CSV = ['姓名,手机,门店', '张三,13800138000,朝阳店', '李四,13900139000,海淀店', '王五,15012345678,西城店'].join('\r\n') + '\r\n';
