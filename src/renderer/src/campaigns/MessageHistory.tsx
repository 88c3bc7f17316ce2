// One message's whole story: the message, the request that carried it (its key, form,
// attempts, the provider's batch id, when it left and was answered, any error), every
// receipt, and the messages that resent it.
import { Alert, Button, Descriptions, Drawer, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { MessageHistory } from '../../../shared/contract';
import { explainStatus } from '../../../shared/status-codes';
import { useCall } from '../api/client';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { MessageStateTag } from './states';

export function MessageHistoryDrawer(props: { messageId: number; onClose: () => void; onOpen: (id: number) => void }): ReactNode {
  const { t, pick } = useI18n();
  const history = useCall('messages.history', { id: props.messageId });
  const h = history.data;
  return (
    <Drawer open onClose={props.onClose} size={640} title={`${t('history.title')} #${props.messageId}`} destroyOnHidden>
      <div data-testid="message-history">
        {history.error && <Alert type="error" showIcon title={pick(history.error.body)} />}
        {!h && history.loading && <Spin />}
        {h && <HistoryBody h={h} onOpen={props.onOpen} />}
      </div>
    </Drawer>
  );
}

function HistoryBody({ h, onOpen }: { h: MessageHistory; onOpen: (id: number) => void }): ReactNode {
  const { t, pick } = useI18n();
  const m = h.message;
  const s = h.submission;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions
        size="small"
        bordered
        column={1}
        title={t('history.message')}
        items={[
          { key: 'mobile', label: t('contacts.mobile'), children: m.mobile },
          { key: 'state', label: t('campaigns.state'), children: <MessageStateTag state={m.state} /> },
          { key: 'text', label: t('templates.previewText'), children: <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{m.text}</span> },
          { key: 'parts', label: t('templates.parts'), children: m.parts },
          ...(m.statusCode ? [{ key: 'code', label: t('detail.statusCode'), children: `${m.statusCode} · ${pick(explainStatus(m.statusCode))}` }] : []),
          ...(m.errorText ? [{ key: 'error', label: t('history.error'), children: m.errorText }] : []),
          { key: 'submitted', label: t('detail.submittedAt'), children: formatTime(m.submittedAt) },
          { key: 'final', label: t('detail.finalAt'), children: formatTime(m.finalAt) },
          ...(m.resendOf !== null
            ? [{ key: 'resendOf', label: t('history.resendOf'), children: <Button type="link" size="small" onClick={() => onOpen(m.resendOf!)}>{`#${m.resendOf}`}</Button> }]
            : []),
        ]}
      />
      {s ? (
        <Descriptions
          size="small"
          bordered
          column={1}
          title={t('history.submission')}
          data-testid="history-submission"
          items={[
            { key: 'id', label: 'ID', children: s.id },
            { key: 'key', label: t('history.key'), children: <Typography.Text code copyable>{s.key}</Typography.Text> },
            { key: 'form', label: t('history.form'), children: s.form },
            { key: 'state', label: t('campaigns.state'), children: s.state },
            { key: 'attempts', label: t('history.attempts'), children: s.attempts },
            { key: 'batch', label: t('history.batchId'), children: s.providerBatchId ?? '' },
            { key: 'submitting', label: t('history.submittingAt'), children: formatTime(s.submittingAt) },
            { key: 'answered', label: t('history.answeredAt'), children: formatTime(s.answeredAt) },
            ...(s.error ? [{ key: 'error', label: t('history.error'), children: <Typography.Text type="danger">{s.error}</Typography.Text> }] : []),
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('history.noSubmission')}</Typography.Text>
      )}
      <div>
        <Typography.Title level={5}>{t('history.receipts')}</Typography.Title>
        <Table
          data-testid="history-receipts"
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={h.receipts}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.noReceipts')} /> }}
          columns={[
            { title: t('receipts.status'), dataIndex: 'status', render: (st: string, r) => <Tag color={r.delivered ? 'green' : 'red'}>{st}</Tag> },
            { title: t('detail.explain'), dataIndex: 'status', key: 'explain', render: (st: string) => pick(explainStatus(st)) },
            { title: t('receipts.reportedAt'), dataIndex: 'reportedAt' },
            { title: t('receipts.receivedAt'), dataIndex: 'receivedAt', render: formatTime },
          ]}
        />
      </div>
      {h.resentAs.length > 0 && (
        <div data-testid="history-resent">
          <Typography.Text strong>{t('history.resentAs')}</Typography.Text>{' '}
          {h.resentAs.map((id) => (
            <Button key={id} type="link" size="small" onClick={() => onOpen(id)}>{`#${id}`}</Button>
          ))}
        </div>
      )}
    </Space>
  );
}
