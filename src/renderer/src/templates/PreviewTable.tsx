// 预览: real recipients' exact texts, a page at a time, with each one's length and parts.
import { Alert, Table, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import type { EmptyPolicyView, Page, PreviewRow } from '../../../shared/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import { useDebounced } from '../lib/debounce';
import { errorText } from '../lib/errors';

const PAGE_SIZE = 10;

export function PreviewTable(props: { listId: number; body: string; emptyPolicy: EmptyPolicyView; accountId?: number; fixedParts: number }): ReactNode {
  const { t, pick } = useI18n();
  const input = useDebounced(JSON.stringify({ listId: props.listId, body: props.body, emptyPolicy: props.emptyPolicy, accountId: props.accountId }), 400);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<PreviewRow> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setPage(1), [input]);

  useEffect(() => {
    let live = true;
    const parsed = JSON.parse(input) as { listId: number; body: string; emptyPolicy: EmptyPolicyView; accountId?: number };
    if (parsed.body.trim() === '') {
      setData(null);
      return undefined;
    }
    setLoading(true);
    call('templates.preview', { ...parsed, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (res) => {
        if (!live) return;
        setData(res);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(errorText(err, pick));
        setData(null);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [input, page, pick]);

  return (
    <div data-testid="template-preview">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="template-preview-error" />}
      <Table<PreviewRow>
        size="small"
        rowKey="contactId"
        loading={loading}
        dataSource={data?.rows ?? []}
        locale={{ emptyText: props.body.trim() ? t('templates.previewEmpty') : t('templates.previewNeedBody') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => `${n.toLocaleString()} ${t('contacts.people')}` }}
        columns={[
          { title: t('contacts.mobile'), dataIndex: 'mobile', width: 130 },
          {
            title: t('templates.previewText'),
            dataIndex: 'text',
            render: (text: string, row) => (
              <div>
                <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="preview-text">
                  {text}
                </div>
                {row.empty.length > 0 && (
                  <Typography.Text type={props.emptyPolicy.kind === 'refuse' ? 'danger' : 'warning'} style={{ fontSize: 12 }}>
                    {row.empty.map((n) => `<${n}>`).join(t('p.list'))} {props.emptyPolicy.kind === 'refuse' ? t('templates.emptyRefused') : t('templates.emptyAllowed')}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          { title: t('templates.length'), dataIndex: 'length', width: 70 },
          {
            title: t('templates.parts'),
            dataIndex: 'parts',
            width: 70,
            render: (parts: number) => <Tag color={parts > props.fixedParts ? 'orange' : undefined}>{parts}</Tag>,
          },
        ]}
      />
    </div>
  );
}
