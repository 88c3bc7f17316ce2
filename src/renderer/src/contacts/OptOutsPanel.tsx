// 退订名单: the mobiles that must not get marketing. Browse and search them, add some by
// hand, remove the checked ones, or import a file of them.
import { Alert, Button, Descriptions, Input, Modal, Popconfirm, Progress, Select, Space, Tag, Typography, message } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import type { Encoding, OptOutRow } from '../../../shared/contract';
import { sourceForFile } from '../api/bridge';
import { call } from '../api/client';
import { FileDrop } from '../components/FileDrop';
import { SaveDialog } from '../components/SaveDialog';
import { usePagedRows } from '../components/usePagedRows';
import { VirtualTable, type VirtualColumn } from '../components/VirtualTable';
import { useI18n } from '../i18n';
import { useDebounced } from '../lib/debounce';
import { errorText } from '../lib/errors';
import { formatTime } from '../lib/format';
import { useAction } from '../lib/useAction';
import { useImportRun } from './useImportRun';

/** Mobiles typed or pasted: one per line, or separated by commas, spaces, semicolons. */
export function splitMobiles(text: string): string[] {
  return [...new Set(text.split(/[\n\r,，;；、\t]+/).map((s) => s.trim()).filter(Boolean))];
}

export function OptOutsPanel(): ReactNode {
  const { t, pick } = useI18n();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const fetchPage = useCallback((offset: number, limit: number) => call('optouts.page', { search: settled || undefined, offset, limit }), [settled]);
  const rows = usePagedRows<OptOutRow>(`optouts|${settled}`, fetchPage, { reloadOn: ['optouts'] });

  const SOURCES: Record<OptOutRow['source'], string> = { manual: t('optouts.source.manual'), import: t('optouts.source.import'), reply: t('optouts.source.reply') };
  const columns: VirtualColumn<OptOutRow>[] = [
    { key: 'mobile', title: t('contacts.mobile'), width: 160, render: (r) => <span data-testid="optout-mobile">{r.mobile}</span> },
    { key: 'source', title: t('optouts.source'), width: 110, render: (r) => <Tag color={r.source === 'reply' ? 'orange' : undefined}>{SOURCES[r.source]}</Tag> },
    { key: 'note', title: t('optouts.note'), render: (r) => r.note ?? '' },
    { key: 'createdAt', title: t('common.createdAt'), width: 190, render: (r) => formatTime(r.createdAt) },
  ];

  const { run, busy } = useAction();
  const remove = (): Promise<void> =>
    run(() => call('optouts.remove', { mobiles: [...selected] }), {
      key: 'remove',
      success: ({ removed }) => `${t('optouts.removed')}${t('p.colon')}${removed}`,
      then: () => {
        setSelected(new Set());
        rows.reload();
      },
    });

  return (
    <div data-testid="optouts-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space>
          <Typography.Text type="secondary">{t('optouts.explain')}</Typography.Text>
          <Typography.Text strong data-testid="optouts-total">
            {rows.total === undefined ? '' : rows.total.toLocaleString()}
          </Typography.Text>
        </Space>
        <Space wrap>
          <Input.Search allowClear placeholder={t('optouts.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 200 }} data-testid="optouts-search" />
          <Button onClick={() => setAdding(true)} data-testid="optouts-add">
            {t('optouts.add')}
          </Button>
          <Popconfirm title={`${t('optouts.removeConfirm')} ${selected.size}${t('p.question')}`} disabled={selected.size === 0} onConfirm={() => void remove()}>
            <Button danger disabled={selected.size === 0} loading={busy('remove')} data-testid="optouts-remove">
              {t('contacts.removeSelected')}
              {selected.size ? ` (${selected.size})` : ''}
            </Button>
          </Popconfirm>
          <Button type="primary" onClick={() => setImporting(true)} data-testid="optouts-import">
            {t('optouts.import')}
          </Button>
        </Space>
      </Space>
      {rows.error !== undefined && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={errorText(rows.error, pick)} />}
      <VirtualTable<OptOutRow, string>
        testId="optouts-table"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.mobile}
        selected={selected}
        onSelect={setSelected}
        resetKey={settled}
        empty={settled ? t('contacts.noMatch') : t('optouts.empty')}
      />
      {adding && <AddOptOuts onClose={() => setAdding(false)} onAdded={rows.reload} />}
      <Modal open={importing} title={t('optouts.import')} footer={null} destroyOnHidden mask={{ closable: false }} onCancel={() => setImporting(false)} width={640}>
        <ImportOptOuts onDone={rows.reload} />
      </Modal>
    </div>
  );
}

function AddOptOuts(props: { onClose: () => void; onAdded: () => void }): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const mobiles = splitMobiles(text);
  const save = async (): Promise<void> => {
    const r = await call('optouts.add', { mobiles, note: note.trim() || undefined });
    void message.success(`${t('optouts.added')}${t('p.colon')}${r.added}`);
    props.onAdded();
    setInvalid(r.invalid);
    if (r.invalid.length === 0) props.onClose();
    else setText(r.invalid.join('\n'));
  };
  return (
    <SaveDialog
      title={t('optouts.add')}
      onClose={props.onClose}
      onSave={save}
      closeText={t('common.close')}
      canSave={mobiles.length > 0 && mobiles.length <= 100_000}
      saveText={`${t('common.add')} ${mobiles.length ? `(${mobiles.length})` : ''}`}
      saveTestId="optouts-add-save"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input.TextArea rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('optouts.addPlaceholder')} data-testid="optouts-add-mobiles" />
        <Input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} placeholder={t('optouts.notePlaceholder')} />
        {invalid.length > 0 && <Alert type="warning" showIcon title={`${t('optouts.invalid')}${t('p.colon')}${invalid.slice(0, 20).join(t('p.list'))}${invalid.length > 20 ? '…' : ''}`} />}
      </Space>
    </SaveDialog>
  );
}

function ImportOptOuts(props: { onDone: () => void }): ReactNode {
  const { t, pick } = useI18n();
  const run = useImportRun();
  const [encoding, setEncoding] = useState<Encoding | 'auto'>('auto');
  const [uploading, setUploading] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File): Promise<void> => {
    setError(null);
    setUploading(0);
    let source;
    try {
      source = await sourceForFile(file, setUploading);
    } catch (err) {
      setUploading(null);
      setError(`${t('import.uploadFailed')}${t('p.colon')}${errorText(err, pick)}`);
      return;
    }
    setUploading(null);
    try {
      const { importId } = await call('optouts.import', { source, encoding: encoding === 'auto' ? undefined : encoding });
      run.follow(importId);
    } catch (err) {
      setError(errorText(err, pick));
    }
  };
  const p = run.progress;
  const r = run.report;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="optouts-import-dialog">
      {!run.importId && (
        <>
          <Space>
            <span>{t('import.encoding')}</span>
            <Select
              style={{ width: 230 }}
              value={encoding}
              onChange={setEncoding}
              options={[
                { value: 'auto', label: t('import.enc.auto') },
                { value: 'utf-8', label: t('import.enc.utf8') },
                { value: 'gb18030', label: t('import.enc.gb18030') },
                { value: 'utf-16le', label: t('import.enc.utf16le') },
                { value: 'utf-16be', label: t('import.enc.utf16be') },
              ]}
            />
          </Space>
          <FileDrop testId="optouts-drop" title={t('import.drop')} hint={t('optouts.dropHint')} onFile={(f) => void onFile(f)} disabled={uploading !== null} />
          {uploading !== null && <Progress percent={Math.round(uploading * 100)} status="active" />}
        </>
      )}
      {run.importId && !r && (
        <div data-testid="optouts-import-progress">
          <Progress percent={p && p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0} status="active" />
          <Space>
            <span>
              {`${t('import.rowsRead')}${t('p.colon')}${(p?.rowsRead ?? 0).toLocaleString()}`}
            </span>
            <Button danger onClick={() => void run.cancel().catch((err: unknown) => setError(errorText(err, pick)))}>
              {t('common.cancel')}
            </Button>
          </Space>
        </div>
      )}
      {r && (
        <div data-testid="optouts-import-report">
          {r.state === 'failed' && <Alert type="error" showIcon title={t('import.failed')} description={r.error ? pick(r.error) : undefined} />}
          {r.state === 'cancelled' && <Alert type="warning" showIcon title={t('import.cancelled')} />}
          <Descriptions
            bordered
            size="small"
            column={2}
            style={{ marginTop: 8 }}
            items={[
              { key: 'read', label: t('import.report.read'), children: r.read.toLocaleString() },
              { key: 'added', label: t('optouts.report.added'), children: r.imported.toLocaleString() },
              { key: 'invalid', label: t('import.report.invalid'), children: r.invalid.toLocaleString() },
              { key: 'dup', label: t('import.report.duplicateInFile'), children: (r.duplicateInFile + r.duplicateInList).toLocaleString() },
            ]}
          />
          <Button
            style={{ marginTop: 12 }}
            onClick={() => {
              props.onDone();
              run.reset();
            }}
          >
            {t('import.another')}
          </Button>
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} />}
      {run.error !== undefined && <Alert type="error" showIcon title={errorText(run.error, pick)} />}
    </Space>
  );
}
