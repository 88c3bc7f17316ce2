// 导入联系人: choose a file → say which column is what (encoding, delimiter, header,
// mobile, fields, target list) with a preview → watch it import → the report, with the
// rejected rows to download.
import { Alert, Button, Checkbox, Descriptions, Input, Modal, Progress, Radio, Select, Space, Steps, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import type { Encoding, ImportInspection, ImportProgress, ImportReport, ImportSource, ListView } from '../../../shared/contract';
import { sourceForFile } from '../api/bridge';
import { call } from '../api/client';
import { FileDrop } from '../components/FileDrop';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { downloadText } from '../lib/download';
import { errorText } from '../lib/errors';
import { useImportRun } from './useImportRun';

const ENCODINGS: { value: Encoding; label: MessageKey }[] = [
  { value: 'utf-8', label: 'import.enc.utf8' },
  { value: 'gb18030', label: 'import.enc.gb18030' },
  { value: 'utf-16le', label: 'import.enc.utf16le' },
  { value: 'utf-16be', label: 'import.enc.utf16be' },
];

const DELIMITERS: { value: string; label: MessageKey }[] = [
  { value: ',', label: 'import.delim.comma' },
  { value: '\t', label: 'import.delim.tab' },
  { value: ';', label: 'import.delim.semicolon' },
  { value: '|', label: 'import.delim.pipe' },
];

const REASONS: Record<ImportInspection['encodingReason'], MessageKey> = {
  bom: 'import.reason.bom',
  'utf-8': 'import.reason.utf8',
  fallback: 'import.reason.fallback',
  user: 'import.reason.user',
  xlsx: 'import.reason.xlsx',
};

export interface ImportWizardProps {
  open: boolean;
  lists: ListView[];
  /** The list selected on the page: the default target. */
  defaultListId?: number;
  onClose: () => void;
  /** The import finished and the user closed the report: show this list. */
  onImported: (listId: number) => void;
}

export function ImportWizard(props: ImportWizardProps): ReactNode {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={props.open}
      title={t('import.title')}
      width={980}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
      closable={!busy}
      keyboard={!busy}
      onCancel={props.onClose}
    >
      <WizardBody {...props} onBusy={setBusy} />
    </Modal>
  );
}

function baseName(name: string): string {
  return name.replace(/\.[^.]+$/, '').trim().slice(0, 60) || 'import';
}

function WizardBody(props: ImportWizardProps & { onBusy: (busy: boolean) => void }): ReactNode {
  const { t, pick } = useI18n();
  const run = useImportRun();
  const [fileName, setFileName] = useState('');
  const [source, setSource] = useState<ImportSource | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [inspection, setInspection] = useState<ImportInspection | null>(null);
  const [encoding, setEncoding] = useState<Encoding | undefined>(undefined);
  const [delimiter, setDelimiter] = useState<string | undefined>(undefined);
  const [mobileColumn, setMobileColumn] = useState<number | null>(null);
  const [fieldColumns, setFieldColumns] = useState<number[]>([]);
  const [target, setTarget] = useState<'existing' | 'new'>(props.defaultListId ? 'existing' : 'new');
  const [listId, setListId] = useState<number | undefined>(props.defaultListId);
  const [newListName, setNewListName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const stage = run.report ? 3 : run.importId ? 2 : inspection ? 1 : 0;

  const applyColumns = (insp: ImportInspection, keep: boolean): void => {
    const width = insp.headers.length;
    if (keep && inspection && inspection.headers.length === width && mobileColumn !== null && mobileColumn < width) return;
    const mobile = insp.mobileColumn;
    setMobileColumn(mobile);
    setFieldColumns(insp.headers.map((_, i) => i).filter((i) => i !== mobile));
  };

  /** Reads the file's first rows with these settings; false (and the error shown) when it cannot. */
  const inspect = async (src: ImportSource, opts: { encoding?: Encoding; delimiter?: string; hasHeader?: boolean }, keep: boolean): Promise<boolean> => {
    setInspecting(true);
    setError(null);
    try {
      const insp = await call('imports.inspect', { source: src, ...opts });
      applyColumns(insp, keep);
      setInspection(insp);
      return true;
    } catch (err) {
      setError(errorText(err, pick));
      return false;
    } finally {
      setInspecting(false);
    }
  };

  const onFile = async (file: File): Promise<void> => {
    setError(null);
    setFileName(file.name);
    setNewListName(baseName(file.name));
    setEncoding(undefined);
    setDelimiter(undefined);
    setInspection(null);
    setUploading(0);
    try {
      const src = await sourceForFile(file, (f) => setUploading(f));
      setUploading(null);
      setSource(src);
      await inspect(src, {}, false);
    } catch (err) {
      // Only the upload throws here (inspect shows its own errors).
      setUploading(null);
      setError(`${t('import.uploadFailed')}${t('p.colon')}${errorText(err, pick)}`);
    }
  };

  const reinspect = (change: { encoding?: Encoding; delimiter?: string; hasHeader?: boolean }): void => {
    if (!source || !inspection) return;
    const next = { encoding: change.encoding ?? encoding, delimiter: change.delimiter ?? delimiter, hasHeader: change.hasHeader ?? inspection.hasHeader };
    // The override sticks only when the file reads with it (the core refuses to garble).
    void inspect(source, next, true).then((ok) => {
      if (!ok) return;
      if (change.encoding) setEncoding(change.encoding);
      if (change.delimiter) setDelimiter(change.delimiter);
    });
  };

  const chooseMobile = (column: number): void => {
    const previous = mobileColumn;
    setMobileColumn(column);
    setFieldColumns((cols) => {
      const next = new Set(cols.filter((c) => c !== column));
      if (previous !== null && previous !== column) next.add(previous);
      return [...next].sort((a, b) => a - b);
    });
  };

  const start = async (): Promise<void> => {
    if (!source || !inspection || mobileColumn === null) return;
    setStarting(true);
    setError(null);
    try {
      const csv = inspection.format === 'csv';
      const { importId } = await call('imports.start', {
        source,
        ...(target === 'existing' ? { listId } : { newListName: newListName.trim() }),
        encoding: csv ? encoding : undefined,
        delimiter: csv ? delimiter : undefined,
        hasHeader: inspection.hasHeader,
        mobileColumn,
        fieldColumns,
      });
      run.follow(importId);
    } catch (err) {
      setError(errorText(err, pick));
    } finally {
      setStarting(false);
    }
  };

  // The dialog cannot be closed while a file uploads or imports (Cancel stops an import).
  const busy = uploading !== null || stage === 2;
  const { onBusy } = props;
  useEffect(() => onBusy(busy), [busy, onBusy]);

  const targetReady = target === 'existing' ? listId !== undefined : newListName.trim().length > 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-wizard">
      <Steps
        size="small"
        current={stage}
        items={[{ title: t('import.step.file') }, { title: t('import.step.mapping') }, { title: t('import.step.running') }, { title: t('import.step.report') }]}
      />
      {error && <Alert type="error" showIcon title={error} data-testid="import-error" />}
      {run.error !== undefined && <Alert type="error" showIcon title={errorText(run.error, pick)} />}

      {stage === 0 && (
        <>
          <FileDrop testId="import-drop" title={t('import.drop')} hint={t('import.dropHint')} onFile={(f) => void onFile(f)} disabled={uploading !== null || inspecting} />
          {uploading !== null && (
            <div data-testid="import-uploading">
              <Typography.Text>
                {t('import.uploading')} {fileName}
              </Typography.Text>
              <Progress percent={Math.round(uploading * 100)} status="active" />
            </div>
          )}
          {inspecting && <Typography.Text type="secondary">{t('import.inspecting')}</Typography.Text>}
        </>
      )}

      {stage === 1 && inspection && (
        <Mapping
          fileName={fileName}
          inspection={inspection}
          inspecting={inspecting}
          mobileColumn={mobileColumn}
          fieldColumns={fieldColumns}
          onEncoding={(e) => reinspect({ encoding: e })}
          onDelimiter={(d) => reinspect({ delimiter: d })}
          onHeader={(h) => reinspect({ hasHeader: h })}
          onMobile={chooseMobile}
          onFields={(cols) => setFieldColumns([...cols].sort((a, b) => a - b))}
        />
      )}

      {stage === 1 && inspection && (
        <div data-testid="import-target">
          <Typography.Text strong>{t('import.target')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Radio.Group value={target} onChange={(e) => setTarget(e.target.value as 'existing' | 'new')}>
              <Space orientation="vertical">
                <Radio value="existing" disabled={props.lists.length === 0} data-testid="import-target-existing">
                  <Space>
                    {t('import.targetExisting')}
                    <Select
                      style={{ width: 260 }}
                      value={listId}
                      disabled={target !== 'existing'}
                      onChange={setListId}
                      placeholder={t('import.chooseList')}
                      options={props.lists.map((l) => ({ value: l.id, label: `${l.name}${t('p.open')}${l.contacts}${t('p.close')}` }))}
                    />
                  </Space>
                </Radio>
                <Radio value="new" data-testid="import-target-new">
                  <Space>
                    {t('import.targetNew')}
                    <Input style={{ width: 260 }} value={newListName} maxLength={60} disabled={target !== 'new'} onChange={(e) => setNewListName(e.target.value)} data-testid="import-new-name" />
                  </Space>
                </Radio>
              </Space>
            </Radio.Group>
          </div>
          <Space style={{ marginTop: 16 }}>
            <Button
              type="primary"
              onClick={() => void start()}
              loading={starting}
              disabled={mobileColumn === null || !targetReady || inspecting}
              data-testid="import-start"
            >
              {t('import.start')}
            </Button>
            <Button
              onClick={() => {
                setInspection(null);
                setSource(null);
              }}
            >
              {t('import.another')}
            </Button>
            {mobileColumn === null && <Typography.Text type="danger">{t('import.needMobile')}</Typography.Text>}
          </Space>
        </div>
      )}

      {stage === 2 && <Running progress={run.progress} onCancel={() => void run.cancel().catch((err: unknown) => setError(errorText(err, pick)))} />}

      {stage === 3 && run.report && (
        <Report
          report={run.report}
          onDone={() => {
            if (run.report?.state === 'done') props.onImported(run.report.listId);
            props.onClose();
          }}
          onAnother={() => {
            run.reset();
            setInspection(null);
            setSource(null);
          }}
        />
      )}
    </Space>
  );
}

function Mapping(props: {
  fileName: string;
  inspection: ImportInspection;
  inspecting: boolean;
  mobileColumn: number | null;
  fieldColumns: number[];
  onEncoding: (e: Encoding) => void;
  onDelimiter: (d: string) => void;
  onHeader: (h: boolean) => void;
  onMobile: (c: number) => void;
  onFields: (cols: number[]) => void;
}): ReactNode {
  const { t } = useI18n();
  const insp = props.inspection;
  const csv = insp.format === 'csv';
  const delimiters = DELIMITERS.some((d) => d.value === insp.delimiter) ? DELIMITERS.map((d) => ({ value: d.value, label: t(d.label) })) : [...DELIMITERS.map((d) => ({ value: d.value, label: t(d.label) })), { value: insp.delimiter, label: insp.delimiter }];
  const role = (i: number): ReactNode =>
    i === props.mobileColumn ? <Tag color="blue">{t('import.role.mobile')}</Tag> : props.fieldColumns.includes(i) ? <Tag color="green">{t('import.role.field')}</Tag> : <Tag>{t('import.role.skip')}</Tag>;
  const rows = insp.preview.map((cells, r) => ({ key: r, cells }));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-mapping">
      <Typography.Text type="secondary">
        {props.fileName} · {(insp.totalBytes / 1024).toFixed(1)} KB · {insp.format === 'xlsx' ? 'Excel' : 'CSV'}
      </Typography.Text>
      <Space wrap size="large">
        <Space>
          <span>{t('import.encoding')}</span>
          <Select
            data-testid="import-encoding"
            style={{ width: 230 }}
            value={insp.encoding}
            disabled={!csv || props.inspecting}
            onChange={props.onEncoding}
            options={ENCODINGS.map((e) => ({ value: e.value, label: t(e.label) }))}
          />
          <Typography.Text type="secondary" data-testid="import-encoding-reason">
            {t(REASONS[insp.encodingReason])}
          </Typography.Text>
        </Space>
        <Space>
          <span>{t('import.delimiter')}</span>
          <Select data-testid="import-delimiter" style={{ width: 130 }} value={insp.delimiter} disabled={!csv || props.inspecting} onChange={props.onDelimiter} options={delimiters} />
        </Space>
        <Space>
          <span>{t('import.hasHeader')}</span>
          <Switch data-testid="import-header" checked={insp.hasHeader} disabled={props.inspecting} onChange={props.onHeader} />
        </Space>
      </Space>
      <Space wrap>
        <span>{t('import.mobileColumn')}</span>
        <Select
          data-testid="import-mobile"
          style={{ width: 220 }}
          value={props.mobileColumn ?? undefined}
          placeholder={t('import.chooseMobile')}
          onChange={props.onMobile}
          options={insp.headers.map((h, i) => ({ value: i, label: i === insp.mobileColumn ? `${h}${t('p.open')}${t('import.suggested')}${t('p.close')}` : h }))}
        />
      </Space>
      <div>
        <div style={{ marginBottom: 4 }}>{t('import.fieldColumns')}</div>
        <Checkbox.Group
          data-testid="import-fields"
          value={props.fieldColumns}
          onChange={(v) => props.onFields(v as number[])}
          options={insp.headers.map((h, i) => ({ value: i, label: h, disabled: i === props.mobileColumn }))}
        />
        <div>
          <Typography.Text type="secondary">{t('import.fieldsHint')}</Typography.Text>
        </div>
      </div>
      <Table
        data-testid="import-preview"
        size="small"
        bordered
        loading={props.inspecting}
        pagination={false}
        scroll={{ x: 'max-content', y: 240 }}
        dataSource={rows}
        columns={insp.headers.map((h, i) => ({
          key: i,
          title: (
            <Space size={4}>
              <span>{h}</span>
              {role(i)}
            </Space>
          ),
          render: (_: unknown, row: { cells: string[] }) => (
            <span style={{ color: i === props.mobileColumn || props.fieldColumns.includes(i) ? undefined : '#bbb' }}>{row.cells[i] ?? ''}</span>
          ),
        }))}
      />
      <Typography.Text type="secondary">{t('import.previewNote')}</Typography.Text>
    </Space>
  );
}

function Running(props: { progress: ImportProgress | null; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const p = props.progress;
  // Two stretches: the file read (by bytes), then a new list's rows written (by rows).
  const w = p?.written;
  const percent = w ? Math.floor((w.rows / Math.max(1, w.of)) * 100) : p && p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 0;
  const [cancelling, setCancelling] = useState(false);
  return (
    <div data-testid="import-progress">
      <Progress percent={percent} status="active" />
      <Space style={{ marginTop: 8 }}>
        <Typography.Text data-testid="import-rows-read">
          {w
            ? `${t('import.rowsWritten')}${t('p.colon')}${w.rows.toLocaleString()} / ${w.of.toLocaleString()}`
            : `${t('import.rowsRead')}${t('p.colon')}${(p?.rowsRead ?? 0).toLocaleString()}`}
        </Typography.Text>
        {!w && percent >= 100 && <Typography.Text type="secondary">{t('import.committing')}</Typography.Text>}
        <Button
          danger
          loading={cancelling}
          onClick={() => {
            setCancelling(true);
            props.onCancel();
          }}
          data-testid="import-cancel"
        >
          {t('common.cancel')}
        </Button>
      </Space>
    </div>
  );
}

function Report(props: { report: ImportReport; onDone: () => void; onAnother: () => void }): ReactNode {
  const { t, pick } = useI18n();
  const r = props.report;
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async (): Promise<void> => {
    setDownloading(true);
    setError(null);
    try {
      const rows = await call('imports.rejected', { importId: r.importId });
      downloadText(rows.filename, rows.csv);
    } catch (err) {
      setError(errorText(err, pick));
    } finally {
      setDownloading(false);
    }
  };
  const count = (key: string, value: number): ReactNode => <span data-testid={`report-${key}`}>{value.toLocaleString()}</span>;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-report">
      {r.state === 'done' && <Alert type="success" showIcon title={`${t('import.done')}${r.listName}`} />}
      {r.state === 'cancelled' && <Alert type="warning" showIcon title={t('import.cancelled')} />}
      {r.state === 'failed' && <Alert type="error" showIcon title={t('import.failed')} description={r.error ? pick(r.error) : undefined} />}
      <Descriptions
        bordered
        size="small"
        column={3}
        items={[
          { key: 'read', label: t('import.report.read'), children: count('read', r.read) },
          { key: 'imported', label: t('import.report.imported'), children: count('imported', r.imported) },
          { key: 'invalid', label: t('import.report.invalid'), children: count('invalid', r.invalid) },
          { key: 'dupFile', label: t('import.report.duplicateInFile'), children: count('duplicateInFile', r.duplicateInFile) },
          { key: 'dupList', label: t('import.report.duplicateInList'), children: count('duplicateInList', r.duplicateInList) },
          { key: 'optedOut', label: t('import.report.optedOut'), children: count('optedOut', r.optedOut) },
          { key: 'rejected', label: t('import.report.rejected'), children: count('rejected', r.rejected) },
          { key: 'duration', label: t('import.report.duration'), children: `${(r.durationMs / 1000).toFixed(1)} s` },
        ]}
      />
      {error && <Alert type="error" showIcon title={error} />}
      <Space>
        {r.rejected > 0 && (
          <Button onClick={() => void download()} loading={downloading} data-testid="download-rejected">
            {t('import.downloadRejected')} ({r.rejected.toLocaleString()})
          </Button>
        )}
        <Button onClick={props.onAnother}>{t('import.another')}</Button>
        <Button type="primary" onClick={props.onDone} data-testid="import-done">
          {t('import.close')}
        </Button>
      </Space>
    </Space>
  );
}
