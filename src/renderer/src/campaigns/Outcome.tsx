// What a campaign did: live progress while it sends, the funnel from planned to
// delivered (and what fell out of it), the failure reasons ranked, and the cost.
import { Descriptions, Empty, Progress, Space, Statistic, Table, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import type { CampaignDetail, MessageState } from '../../../shared/contract';
import type { LiveProgress } from '../api/live';
import { formatYuan } from '../components/EstimatePanel';
import { useI18n } from '../i18n';
import { formatDuration } from '../lib/format';
import { progressOf, StateCounts } from './states';

export function ProgressBlock(props: { counts: Partial<Record<MessageState, number>>; sending: boolean; live: LiveProgress | undefined }): ReactNode {
  const { t } = useI18n();
  const { total, done } = progressOf(props.counts);
  const live = props.sending ? props.live : undefined;
  return (
    <div data-testid="campaign-progress">
      <Progress
        percent={total ? Math.floor((done / total) * 100) : 0}
        status={props.sending ? 'active' : undefined}
        format={() => (
          <span data-testid="progress-done">
            {done.toLocaleString()} / {total.toLocaleString()}
          </span>
        )}
      />
      <Space wrap style={{ marginTop: 4 }}>
        <StateCounts counts={props.counts} />
        {live && (
          <Typography.Text type="secondary" data-testid="progress-rate">
            {`${live.rate.toLocaleString()} ${t('detail.perSecond')}`}
            {live.secondsLeft !== null && `${t('p.semi')}${t('detail.timeLeft')} ${formatDuration(live.secondsLeft, t)}`}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}

export function Funnel(props: { funnel: CampaignDetail['funnel'] }): ReactNode {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const f = props.funnel;
  const base = Math.max(1, f.planned);
  const steps = [
    { key: 'planned', value: f.planned, colour: token.colorTextQuaternary },
    { key: 'submitted', value: f.submitted, colour: token.colorPrimary },
    { key: 'delivered', value: f.delivered, colour: token.colorSuccess },
  ] as const;
  const side = [
    { key: 'failed', value: f.failed, colour: f.failed ? token.colorError : undefined },
    { key: 'unknown', value: f.unknown, colour: f.unknown ? token.colorWarning : undefined },
    { key: 'replied', value: f.replied, colour: undefined },
    { key: 'optedOut', value: f.optedOut, colour: f.optedOut ? token.colorWarning : undefined },
  ] as const;
  return (
    <div data-testid="funnel">
      {steps.map((s, i) => (
        <div key={s.key} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 6 }}>
          <div style={{ flex: '0 0 72px', color: token.colorTextSecondary }}>{t(`funnel.${s.key}`)}</div>
          <div style={{ flex: 1, background: token.colorFillQuaternary, borderRadius: 3, height: 18 }}>
            <div style={{ width: `${(s.value / base) * 100}%`, minWidth: s.value ? 3 : 0, background: s.colour, height: '100%', borderRadius: 3 }} />
          </div>
          <div style={{ flex: '0 0 120px', textAlign: 'right' }}>
            <Typography.Text strong data-testid={`funnel-${s.key}`}>
              {s.value.toLocaleString()}
            </Typography.Text>
            {i > 0 && f.planned > 0 && <Typography.Text type="secondary">{` (${Math.round((s.value / f.planned) * 100)}%)`}</Typography.Text>}
          </div>
        </div>
      ))}
      <div style={{ display: 'flex', gap: 24, marginTop: 12, flexWrap: 'wrap' }}>
        {side.map((s) => (
          <Statistic key={s.key} title={t(`funnel.${s.key}`)} value={s.value} styles={{ content: { color: s.colour, fontSize: 20 } }} valueRender={(node) => <span data-testid={`funnel-${s.key}`}>{node}</span>} />
        ))}
      </div>
    </div>
  );
}

export function FailureReasons(props: { reasons: CampaignDetail['failureReasons'] }): ReactNode {
  const { t, pick } = useI18n();
  if (props.reasons.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noFailures')} />;
  return (
    <Table
      data-testid="failure-reasons"
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={props.reasons}
      columns={[
        { title: t('detail.statusCode'), dataIndex: 'code', width: 140, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
        { title: t('detail.count'), dataIndex: 'count', width: 80, render: (n: number) => n.toLocaleString() },
        { title: t('detail.explain'), dataIndex: 'explain', render: (e: CampaignDetail['failureReasons'][number]['explain']) => pick(e) },
      ]}
    />
  );
}

export function CostBlock(props: { cost: CampaignDetail['cost'] }): ReactNode {
  const { t } = useI18n();
  return (
    <Descriptions
      size="small"
      column={1}
      data-testid="campaign-cost"
      items={[
        { key: 'planned', label: t('detail.costPlanned'), children: <span data-testid="cost-planned">{`${formatYuan(props.cost.planned)} ${t('estimate.yuan')}`}</span> },
        { key: 'spent', label: t('detail.costSpent'), children: <Typography.Text strong data-testid="cost-spent">{`${formatYuan(props.cost.spent)} ${t('estimate.yuan')}`}</Typography.Text> },
      ]}
    />
  );
}
