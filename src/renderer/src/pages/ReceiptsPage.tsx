// 回执: the latest delivery receipts (live as they arrive), pulling now, and the push
// receiver for providers that push.
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { ReceiptView } from '../../../shared/contract';
import { explainStatus } from '../../../shared/status-codes';
import { useCall } from '../api/client';
import { useLiveCall } from '../api/live';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { useI18n } from '../i18n';
import { capsOf } from '../lib/caps';
import { formatTime } from '../lib/format';
import { PollNow } from '../receipts/PollNow';
import { PushReceiver } from '../receipts/PushReceiver';

export function ReceiptsPage(): ReactNode {
  const { t, pick } = useI18n();
  const receipts = useLiveCall('receipts.recent', { limit: 200 }, ['receipt.arrived']);
  const accounts = useCall('accounts.list', {});
  const providers = useCall('providers.list', {});
  const providerOf = (accountId: number) => capsOf(accounts.data?.find((x) => x.id === accountId), providers.data);
  return (
    <Section title={t('receipts.title')}>
      <PollNow accounts={accounts.data ?? []} providers={providers.data ?? []} />
      <DataTable<ReceiptView>
        testId="receipts-table"
        loaded={receipts}
        empty={t('receipts.empty')}
        columns={[
          { title: t('receipts.mobile'), dataIndex: 'mobile', width: 140 },
          {
            title: t('receipts.status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Space size={4}>
                <Tag color={r.delivered ? 'green' : 'red'} data-testid="receipt-status">
                  {s}
                </Tag>
                <Typography.Text type="secondary">{pick(explainStatus(s))}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('receipts.matched'),
            dataIndex: 'matched',
            width: 110,
            render: (m: boolean) =>
              m ? (
                <Tag color="blue">{t('receipts.matchedYes')}</Tag>
              ) : (
                <Tooltip title={t('receipts.unmatchedHint')}>
                  <Tag>{t('receipts.matchedNo')}</Tag>
                </Tooltip>
              ),
          },
          { title: t('campaigns.account'), dataIndex: 'accountName' },
          { title: t('receipts.reportedAt'), dataIndex: 'reportedAt' },
          { title: t('receipts.receivedAt'), dataIndex: 'receivedAt', render: formatTime },
        ]}
      />
      <PushReceiver providerOf={providerOf} />
    </Section>
  );
}
