// 推送接收: the local server where providers push receipts and replies. Off by default;
// on the port the user picks; each account has its own secret path to give its provider.
import { Alert, Button, Card, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ReceiverStatus } from '../../../shared/contract';
import type { Capabilities } from '../../../shared/providers';
import { call, useCall } from '../api/client';
import { useI18n } from '../i18n';
import { useAction } from '../lib/useAction';

export function PushReceiver(props: { providerOf: (accountId: number) => Capabilities | undefined }): ReactNode {
  const { t } = useI18n();
  const status = useCall('receiver.status', {});
  const { run, busy } = useAction();
  const [port, setPort] = useState<number>(8090);
  const [host, setHost] = useState('0.0.0.0');
  const s = status.data;
  const running = s?.running === true;
  const shownPort = running ? s.port : port;
  const start = (): Promise<void> => run(() => call('receiver.start', { port, host }), { key: 'start', success: t('receiver.started'), then: status.reload });
  const stop = (): Promise<void> => run(() => call('receiver.stop', {}), { key: 'stop', success: t('receiver.stopped'), then: status.reload });
  return (
    <Card size="small" title={t('receiver.title')} data-testid="receiver-card">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('receiver.offByDefault')} description={t('receiver.reachable')} />
      <Space wrap style={{ marginBottom: 12 }}>
        {running ? (
          <>
            <Tag color="green" data-testid="receiver-state">
              {`${t('receiver.running')} ${s.host}:${s.port}`}
            </Tag>
            <Button danger loading={busy('stop')} onClick={() => void stop()} data-testid="receiver-stop">
              {t('receiver.stop')}
            </Button>
          </>
        ) : (
          <>
            <Tag data-testid="receiver-state">{t('receiver.off')}</Tag>
            <span>{t('receiver.port')}</span>
            <InputNumber min={1} max={65535} precision={0} value={port} onChange={(v) => setPort(v ?? 8090)} data-testid="receiver-port" />
            <span>{t('receiver.host')}</span>
            <Select
              style={{ width: 260 }}
              value={host}
              onChange={setHost}
              data-testid="receiver-host"
              options={[
                { value: '0.0.0.0', label: t('receiver.hostAll') },
                { value: '127.0.0.1', label: t('receiver.hostLocal') },
              ]}
            />
            <Button type="primary" loading={busy('start')} onClick={() => void start()} data-testid="receiver-start">
              {t('receiver.start')}
            </Button>
          </>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('receiver.pathsExplain')}</Typography.Paragraph>
      <Table<ReceiverStatus['paths'][number]>
        data-testid="receiver-paths"
        size="small"
        rowKey="accountId"
        pagination={false}
        dataSource={s?.paths ?? []}
        loading={status.loading && !s}
        columns={[
          { title: t('campaigns.account'), dataIndex: 'accountName', width: 160 },
          {
            title: t('receiver.address'),
            dataIndex: 'path',
            render: (path: string) => <Typography.Text copyable code>{`http://${t('receiver.publicAddress')}:${shownPort}${path}`}</Typography.Text>,
          },
          {
            title: t('receiver.pushes'),
            key: 'pushes',
            width: 140,
            render: (_: unknown, p) => {
              const caps = props.providerOf(p.accountId);
              return caps && (caps.receipts.push || caps.replies.push) ? <Tag color="blue">{t('receiver.pushYes')}</Tag> : <Tag>{t('receiver.pushNo')}</Tag>;
            },
          },
        ]}
      />
    </Card>
  );
}
