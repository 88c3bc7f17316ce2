// The sections that, for now, list what the core holds: campaigns, receipts, replies.
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CampaignView, ReceiptView, ReplyView } from '../../../shared/contract';
import { useCall } from '../api/client';
import { DataTable } from '../components/DataTable';
import { useI18n } from '../i18n';

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '');

export function CampaignsPage(): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={3}>{t('campaigns.title')}</Typography.Title>
      <DataTable<CampaignView>
        testId="campaigns-table"
        loaded={useCall('campaigns.list', {})}
        empty={t('campaigns.empty')}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('campaigns.account'), dataIndex: 'accountName' },
          { title: t('campaigns.kind'), dataIndex: 'kind', render: (k: CampaignView['kind']) => t(`kind.${k}`) },
          { title: t('campaigns.state'), dataIndex: 'state' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: when },
        ]}
      />
    </>
  );
}

export function ReceiptsPage(): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={3}>{t('receipts.title')}</Typography.Title>
      <DataTable<ReceiptView>
        testId="receipts-table"
        loaded={useCall('receipts.recent', { limit: 200 })}
        empty={t('receipts.empty')}
        columns={[
          { title: t('receipts.mobile'), dataIndex: 'mobile' },
          { title: t('receipts.status'), dataIndex: 'status', render: (s: string, r) => <Tag color={r.delivered ? 'green' : 'red'}>{s}</Tag> },
          { title: t('campaigns.account'), dataIndex: 'accountName' },
          { title: t('receipts.receivedAt'), dataIndex: 'receivedAt', render: when },
        ]}
      />
    </>
  );
}

export function RepliesPage(): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={3}>{t('replies.title')}</Typography.Title>
      <DataTable<ReplyView>
        testId="replies-table"
        loaded={useCall('replies.recent', { limit: 200 })}
        empty={t('replies.empty')}
        columns={[
          { title: t('receipts.mobile'), dataIndex: 'mobile' },
          { title: t('replies.text'), dataIndex: 'text' },
          { title: t('replies.optedOut'), dataIndex: 'optedOut', render: (o: boolean) => (o ? <Tag color="orange">{t('replies.optedOut')}</Tag> : null) },
          { title: t('receipts.receivedAt'), dataIndex: 'receivedAt', render: when },
        ]}
      />
    </>
  );
}
