// One list's contacts: search, add by hand, remove the checked ones, and a virtual
// table that fetches only the pages on screen, so a million rows scroll smoothly.
import { Alert, Button, Form, Input, Modal, Popconfirm, Space, Tag, Typography, message } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import type { ContactRow, ListView } from '../../../shared/contract';
import { call } from '../api/client';
import { usePagedRows } from '../components/usePagedRows';
import { VirtualTable, type VirtualColumn } from '../components/VirtualTable';
import { useI18n } from '../i18n';
import { useDebounced } from '../lib/debounce';
import { errorText } from '../lib/errors';

export function ContactsView(props: { list: ListView; onImport: () => void }): ReactNode {
  const { t, pick } = useI18n();
  const { list } = props;
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState(false);

  const fetchPage = useCallback(
    (offset: number, limit: number) => call('contacts.page', { listId: list.id, search: settled || undefined, offset, limit }),
    [list.id, settled],
  );
  const key = `${list.id}|${settled}`;
  const rows = usePagedRows<ContactRow>(key, fetchPage, { reloadOn: ['contacts', 'optouts'] });

  const remove = async (): Promise<void> => {
    setRemoving(true);
    try {
      const ids = [...selected];
      let removed = 0;
      // The core takes at most 10 000 ids a call.
      for (let i = 0; i < ids.length; i += 10_000) removed += (await call('contacts.remove', { listId: list.id, ids: ids.slice(i, i + 10_000) })).removed;
      void message.success(`${t('contacts.removed')}${t('p.colon')}${removed.toLocaleString()}`);
      setSelected(new Set());
      rows.reload();
    } catch (err) {
      void message.error(errorText(err, pick));
    } finally {
      setRemoving(false);
    }
  };

  const columns: VirtualColumn<ContactRow>[] = [
    { key: '#', title: '#', width: 90, render: (_, i) => <Typography.Text type="secondary">{(i + 1).toLocaleString()}</Typography.Text> },
    { key: 'mobile', title: t('contacts.mobile'), width: 150, render: (r) => <span data-testid="contact-mobile">{r.mobile}</span> },
    ...list.fields.map((f, i): VirtualColumn<ContactRow> => ({ key: `f${i}`, title: f, render: (r) => r.fields[i] ?? '' })),
    {
      key: 'state',
      title: t('contacts.state'),
      width: 100,
      render: (r) => (r.optedOut ? <Tag color="orange" data-testid="contact-opted-out">{t('contacts.optedOut')}</Tag> : null),
    },
  ];

  return (
    <div data-testid="contacts-view">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {list.name}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="contacts-total">
            {rows.total === undefined ? '' : settled ? `${t('contacts.found')} ${rows.total.toLocaleString()}` : `${rows.total.toLocaleString()} ${t('contacts.people')}`}
          </Typography.Text>
        </Space>
        <Space wrap>
          <Input.Search allowClear placeholder={t('contacts.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 220 }} data-testid="contacts-search" />
          <Button onClick={() => setAdding(true)} data-testid="contact-add">
            {t('contacts.add')}
          </Button>
          <Popconfirm title={`${t('contacts.removeConfirm')} ${selected.size}${t('p.question')}`} disabled={selected.size === 0} okButtonProps={{ danger: true }} onConfirm={() => void remove()}>
            <Button danger disabled={selected.size === 0} loading={removing} data-testid="contacts-remove">
              {t('contacts.removeSelected')}
              {selected.size ? ` (${selected.size})` : ''}
            </Button>
          </Popconfirm>
          <Button type="primary" onClick={props.onImport} data-testid="contacts-import">
            {t('import.open')}
          </Button>
        </Space>
      </Space>
      {rows.error !== undefined && (
        <Alert
          style={{ marginBottom: 12 }}
          type="error"
          showIcon
          title={errorText(rows.error, pick)}
          action={
            <Button size="small" onClick={rows.reload}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      <VirtualTable<ContactRow, number>
        testId="contacts-table"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.id}
        selected={selected}
        onSelect={setSelected}
        resetKey={key}
        empty={settled ? t('contacts.noMatch') : t('contacts.listEmpty')}
      />
      {adding && <AddContact list={list} onClose={() => setAdding(false)} onAdded={rows.reload} />}
    </div>
  );
}

function AddContact(props: { list: ListView; onClose: () => void; onAdded: () => void }): ReactNode {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<{ mobile: string; fields?: string[] }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (values: { mobile: string; fields?: string[] }): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      const fields = props.list.fields.map((_, i) => values.fields?.[i]?.trim() ?? '');
      const row = await call('contacts.add', { listId: props.list.id, mobile: values.mobile.trim(), fields });
      void message.success(`${t('contacts.added')}${t('p.colon')}${row.mobile}`);
      props.onAdded();
      form.resetFields();
    } catch (err) {
      setError(errorText(err, pick));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={`${t('contacts.add')} · ${props.list.name}`} onCancel={props.onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="contact-form">
        <Form.Item name="mobile" label={t('contacts.mobile')} rules={[{ required: true, message: t('contacts.mobileRequired') }]} extra={t('contacts.mobileHint')}>
          <Input autoFocus maxLength={40} data-testid="contact-form-mobile" />
        </Form.Item>
        {props.list.fields.map((f, i) => (
          <Form.Item key={i} name={['fields', i]} label={f}>
            <Input maxLength={1000} />
          </Form.Item>
        ))}
        {error && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={error} data-testid="contact-form-error" />}
        <Space>
          <Button onClick={props.onClose}>{t('common.close')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="contact-form-save">
            {t('common.save')}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}
