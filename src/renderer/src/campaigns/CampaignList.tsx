// Every campaign, newest first, with its state and how far it got (live while sending).
import { Progress, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CampaignView } from '../../../shared/contract';
import { useCall } from '../api/client';
import { useProgress } from '../api/live';
import { DataTable } from '../components/DataTable';
import { useI18n } from '../i18n';
import { beijingTime, formatTime } from '../lib/format';
import { CampaignStateTag, progressOf, StateCounts } from './states';

export function CampaignList(props: { onOpen: (id: number) => void }): ReactNode {
  const { t } = useI18n();
  const campaigns = useCall('campaigns.list', {});
  const live = useProgress();
  return (
    <DataTable<CampaignView>
      testId="campaigns-table"
      loaded={campaigns}
      empty={t('campaigns.empty')}
      onRowClick={(c) => props.onOpen(c.id)}
      columns={[
        {
          title: t('common.name'),
          dataIndex: 'name',
          render: (name: string) => (
            <Typography.Link data-testid="campaign-name">{name}</Typography.Link>
          ),
        },
        { title: t('campaigns.account'), dataIndex: 'accountName' },
        { title: t('campaigns.kind'), dataIndex: 'kind', width: 90, render: (k: CampaignView['kind']) => t(`kind.${k}`) },
        {
          title: t('campaigns.state'),
          dataIndex: 'state',
          width: 150,
          render: (s: CampaignView['state'], c) => (
            <Space orientation="vertical" size={0}>
              <CampaignStateTag state={s} />
              {s === 'scheduled' && c.scheduledAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {`${beijingTime(c.scheduledAt)} ${t('estimate.beijing')}`}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        {
          title: t('campaigns.progress'),
          key: 'progress',
          render: (_: unknown, c) => {
            // The pushed progress while it sends; the stored counts otherwise.
            const counts = c.state === 'sending' ? (live.get(c.id)?.counts ?? c.counts) : c.counts;
            const { total, done } = progressOf(counts);
            return (
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Progress percent={total ? Math.floor((done / total) * 100) : 0} size="small" format={() => `${done.toLocaleString()}/${total.toLocaleString()}`} />
                <StateCounts counts={counts} />
              </Space>
            );
          },
        },
        { title: t('common.createdAt'), dataIndex: 'createdAt', width: 180, render: formatTime },
      ]}
    />
  );
}
