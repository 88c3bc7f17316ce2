// Exports a campaign's messages with their outcomes: CSV (UTF-8 with BOM, so Excel reads
// the Chinese; values that Excel would run as formulas are neutralised) or .xlsx (mobiles
// written as text). Streamed: a million rows do not sit in memory.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { AppError } from '../../shared/errors';
import { explainStatus } from '../../shared/status-codes';
import type { ExportReady, MessageState } from '../../shared/views';
import { campaignViewQueries } from '../db/campaign-views';
import { journalQueries } from '../db/journal';
import type { Db } from '../db/open';

const HEADERS = ['手机号 Mobile', '内容 Text', '条数 Parts', '状态 State', '状态码 Status', '说明 Explanation', '提交时间 Submitted', '结果时间 Final'];

const STATE_NAMES: Record<MessageState, string> = {
  planned: '待发送 planned',
  submitting: '发送中 submitting',
  submitted: '已提交 submitted',
  delivered: '已送达 delivered',
  failed: '失败 failed',
  rejected: '被拒 rejected',
  unknown: '未知 unknown',
  expired: '超时无回执 expired',
  cancelled: '已取消 cancelled',
};

/** A cell Excel would take for a formula (= + - @, or a leading tab/CR) gets a leading apostrophe. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const v = neutralise(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export class Exports {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'exports');
    mkdirSync(this.dir, { recursive: true });
    const dayAgo = Date.now() - 24 * 3600_000;
    for (const name of readdirSync(this.dir)) if (statSync(join(this.dir, name)).mtimeMs < dayAgo) rmSync(join(this.dir, name), { force: true });
  }

  pathOf(downloadId: string): string {
    if (!/^[A-Za-z0-9_.-]{8,80}$/.test(downloadId)) throw gone();
    const file = join(this.dir, downloadId);
    try {
      statSync(file);
    } catch {
      throw gone();
    }
    return file;
  }

  /** Writes the export to a file of its own (also usable as `out` by the CLI). */
  async campaign(db: Db, campaignId: number, format: 'csv' | 'xlsx', out?: string): Promise<ExportReady & { path: string }> {
    const views = campaignViewQueries(db);
    const name = journalQueries(db).campaign(campaignId)?.name;
    if (!name) throw new AppError('campaign.not_found', { zh: `找不到群发 ${campaignId}。`, en: `No campaign ${campaignId}.` });
    const downloadId = `${randomBytes(9).toString('base64url')}.${format}`;
    const path = out ?? join(this.dir, downloadId);
    const filename = `群发-${campaignId}-${name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40)}.${format}`;
    let rows = 0;
    const cells = (m: ReturnType<typeof views.page>['rows'][number]): string[] => [
      m.mobile,
      m.text,
      String(m.parts),
      STATE_NAMES[m.state],
      m.statusCode ?? '',
      m.statusCode ? explainStatus(m.statusCode).zh : (m.errorText ?? ''),
      m.submittedAt ?? '',
      m.finalAt ?? '',
    ];
    const records = function* () {
      for (const r of views.iterate(campaignId)) {
        rows++;
        yield cells({ id: r.id, mobile: r.mobile, text: r.text, parts: r.parts, state: r.state, statusCode: r.status_code, errorText: r.error_text, submittedAt: r.submitted_at, finalAt: r.final_at, resendOf: r.resend_of });
      }
    };
    if (format === 'csv') {
      const file = createWriteStream(path);
      file.write('\uFEFF' + HEADERS.map(csvCell).join(',') + '\r\n');
      for (const cellsOfRow of records()) {
        if (!file.write(cellsOfRow.map(csvCell).join(',') + '\r\n')) await once(file, 'drain');
      }
      file.end();
      await once(file, 'finish');
    } else {
      // Loaded on first use, as for imports (workbook.ts): it takes ~300 ms to load.
      const { default: ExcelJS } = await import('exceljs');
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
      const sheet = book.addWorksheet('群发 Campaign');
      sheet.columns = HEADERS.map((h, i) => ({ header: h, width: i === 1 ? 60 : 18 }));
      for (const cellsOfRow of records()) {
        // Strings stay strings: a mobile is text, never a number Excel would reformat.
        const row = sheet.addRow(cellsOfRow.map((v, i) => (i === 2 ? Number(v) : neutralise(v))));
        row.getCell(1).numFmt = '@';
        row.commit();
      }
      sheet.commit();
      await book.commit();
    }
    return { downloadId, filename, rows, path };
  }
}

function gone(): AppError {
  return new AppError('export.gone', { zh: '导出文件已不存在，请重新导出。', en: 'The export is gone; export again.' });
}
