// One campaign: its state and why it paused, what can be done now, live progress, the
// funnel, a chart over time, failure reasons, cost, the unknown messages to decide on,
// every message with its history, and the export.
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Spin, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import type { CampaignCreated, CampaignDetail as Detail, PauseReasonView } from '../../../shared/contract';
import { call, useCall } from '../api/client';
import { useProgress, useReloadOn } from '../api/live';
import { formatYuan } from '../components/EstimatePanel';
import { useI18n } from '../i18n';
import { beijingTime, formatTime } from '../lib/format';
import { useAction } from '../lib/useAction';
import { ExportButtons } from './ExportButtons';
import { MessagesPanel } from './MessagesPanel';
import { CostBlock, FailureReasons, Funnel, ProgressBlock } from './Outcome';
import { CampaignStateTag } from './states';
import { TimelineChart } from './TimelineChart';
import { ResendFailedButton, UnknownBox } from './UnknownBox';

export interface CampaignDetailProps {
  id: number;
  /** What planning said, when this campaign was just created. */
  created: CampaignCreated | null;
  onBack: () => void;
  onOpen: (id: number) => void;
  onCreated: (created: CampaignCreated) => void;
}

export function CampaignDetail(props: CampaignDetailProps): ReactNode {
  const { t, pick } = useI18n();
  const { id } = props;
  const detail = useCall('campaigns.get', { id });
  // Progress, receipts and replies change the funnel, the chart and the cost. While it
  // sends the pushed counts are live; the rest (a scan of the journal) follows slower.
  useReloadOn(['campaign.progress'], detail.reload, { ms: 5000, accept: (p) => p.campaignId === id });
  useReloadOn(['receipt.arrived', 'reply.arrived'], detail.reload, { ms: 1500 });
  const live = useProgress().get(id);
  const loadedAt = useMemo(() => (detail.data ? Date.now() : 0), [detail.data]);
  const d = detail.data;

  const back = (
    <Button onClick={props.onBack} data-testid="campaign-back">
      {`← ${t('detail.back')}`}
    </Button>
  );
  if (!d) {
    return (
      <Space orientation="vertical">
        {back}
        {detail.error ? <Alert type="error" showIcon title={pick(detail.error.body)} /> : <Spin />}
      </Space>
    );
  }
  // The pushed counts when newer than the stored ones.
  const counts = live && live.at > loadedAt ? live.counts : d.counts;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="campaign-detail" data-campaign-id={d.id}>
      <Space align="center" wrap>
        {back}
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="campaign-title">
          {d.name}
        </Typography.Title>
        <CampaignStateTag state={d.state} />
      </Space>
      <Header d={d} onOpen={props.onOpen} />
      {props.created && <CreatedBanner created={props.created} d={d} />}
      {d.pauseReason && <PauseReason reason={d.pauseReason} campaignId={d.id} />}
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Actions d={d} onCreated={props.onCreated} />
        <ExportButtons campaignId={d.id} />
      </Space>
      <Card size="small" title={t('detail.progress')}>
        <ProgressBlock counts={counts} sending={d.state === 'sending'} live={live} />
      </Card>
      {(d.counts.unknown ?? 0) > 0 && <UnknownBox campaignId={d.id} accountId={d.accountId} unknown={d.counts.unknown ?? 0} resent={d.resent.unknown} onCreated={props.onCreated} />}
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <Card size="small" title={t('detail.funnel')} style={{ flex: '2 1 420px' }}>
          <Funnel funnel={d.funnel} />
        </Card>
        <Card size="small" title={t('detail.cost')} style={{ flex: '1 1 240px' }}>
          <CostBlock cost={d.cost} />
        </Card>
      </div>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <Card size="small" title={t('detail.chart')} style={{ flex: '1 1 420px' }}>
          <TimelineChart timeline={d.timeline} />
        </Card>
        <Card size="small" title={t('detail.failures')} style={{ flex: '1 1 360px' }}>
          <FailureReasons reasons={d.failureReasons} />
        </Card>
      </div>
      <Card size="small" title={t('detail.messages')}>
        <MessagesPanel campaignId={d.id} codes={d.failureReasons.map((r) => r.code)} />
      </Card>
    </Space>
  );
}

function Header({ d, onOpen }: { d: Detail; onOpen: (id: number) => void }): ReactNode {
  const { t } = useI18n();
  const items = [
    { key: 'account', label: t('campaigns.account'), children: d.accountName },
    { key: 'list', label: t('templates.list'), children: d.listName ?? '' },
    { key: 'kind', label: t('campaigns.kind'), children: t(`kind.${d.kind}`) },
    { key: 'created', label: t('common.createdAt'), children: formatTime(d.createdAt) },
    ...(d.scheduledAt ? [{ key: 'at', label: t('detail.scheduledAt'), children: `${beijingTime(d.scheduledAt)} ${t('estimate.beijing')}` }] : []),
    ...(d.startedAt ? [{ key: 'started', label: t('detail.startedAt'), children: formatTime(d.startedAt) }] : []),
    ...(d.finishedAt ? [{ key: 'finished', label: t('detail.finishedAt'), children: formatTime(d.finishedAt) }] : []),
    ...(d.resendOf !== null
      ? [
          {
            key: 'resendOf',
            label: t('detail.resendOf'),
            children: (
              <Typography.Link onClick={() => onOpen(d.resendOf!)} data-testid="campaign-resend-of">
                {`#${d.resendOf}`}
              </Typography.Link>
            ),
          },
        ]
      : []),
    ...(d.providerTemplateId ? [{ key: 'ptid', label: t('compose.providerTemplateId'), children: d.providerTemplateId }] : []),
    { key: 'body', label: t('templates.body'), span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{d.templateBody}</span> },
  ];
  return <Descriptions size="small" bordered column={{ xs: 1, md: 2, lg: 3 }} items={items} data-testid="campaign-header" />;
}

function CreatedBanner({ created: c, d }: { created: CampaignCreated; d: Detail }): ReactNode {
  const { t } = useI18n();
  const parts = [`${t('created.planned')} ${c.planned.toLocaleString()} ${t('created.messages')}${t('p.open')}${c.submissions.toLocaleString()} ${t('created.requests')}${t('p.close')}`];
  if (c.rejected > 0) parts.push(`${c.rejected.toLocaleString()} ${t('created.rejected')}`);
  if (c.skippedOptedOut > 0) parts.push(`${c.skippedOptedOut.toLocaleString()} ${t('created.skipped')}`);
  const next = d.state === 'draft' ? t('created.pressSend') : d.state === 'scheduled' && d.scheduledAt ? `${t('created.willStart')} ${beijingTime(d.scheduledAt)} ${t('estimate.beijing')}` : '';
  return <Alert type="success" showIcon closable data-testid="campaign-created" title={parts.join(t('p.semi'))} description={next || undefined} />;
}

function PauseReason({ reason, campaignId }: { reason: PauseReasonView; campaignId: number }): ReactNode {
  const { t, pick } = useI18n();
  const { run, busy } = useAction();
  const missed = reason.code === 'missed-schedule';
  // The provider's code and text, the code once (many texts start with it).
  const code = reason.providerCode ?? '';
  const text = reason.providerText ?? '';
  const provider = code && !text.startsWith(code) ? `${code} ${text}`.trim() : text || code;
  return (
    <Alert
      type={reason.code === 'user' ? 'info' : 'warning'}
      showIcon
      data-testid="pause-reason"
      data-code={reason.code}
      title={<Typography.Text strong>{`${t('detail.pausedBecause')}${t('p.colon')}${pick(reason)}`}</Typography.Text>}
      description={provider ? `${t('detail.providerSaid')}${t('p.colon')}${provider}` : undefined}
      action={
        missed ? (
          <Space orientation="vertical">
            <Button type="primary" loading={busy('send')} onClick={() => void run(() => call('campaigns.send', { id: campaignId }), { key: 'send', success: t('detail.started') })} data-testid="missed-send-now">
              {t('detail.sendNow')}
            </Button>
            <CancelButton campaignId={campaignId} />
          </Space>
        ) : undefined
      }
    />
  );
}

function CancelButton({ campaignId }: { campaignId: number }): ReactNode {
  const { t } = useI18n();
  const { run, busy } = useAction();
  return (
    <Popconfirm
      title={t('detail.cancelConfirm')}
      description={<div style={{ maxWidth: 320 }}>{t('detail.cancelExplain')}</div>}
      okButtonProps={{ danger: true }}
      okText={t('detail.cancel')}
      cancelText={t('detail.keep')}
      onConfirm={() => void run(() => call('campaigns.cancel', { id: campaignId }), { key: 'cancel', success: t('detail.cancelled') })}
    >
      <Button danger loading={busy('cancel')} data-testid="campaign-cancel">
        {t('detail.cancel')}
      </Button>
    </Popconfirm>
  );
}

function Actions({ d, onCreated }: { d: Detail; onCreated: (created: CampaignCreated) => void }): ReactNode {
  const { t } = useI18n();
  const { run, busy } = useAction();
  const send = (): Promise<void> => run(() => call('campaigns.send', { id: d.id }), { key: 'send', success: t('detail.started') });
  const pause = (): Promise<void> => run(() => call('campaigns.pause', { id: d.id }), { key: 'pause', success: t('detail.pausedOk') });
  // Those a resend copied already are not offered again (they would be sent twice).
  const failed = (d.counts.failed ?? 0) - d.resent.failed;
  const missed = d.pauseReason?.code === 'missed-schedule';
  const toSend = (d.counts.planned ?? 0).toLocaleString();
  const open = d.state !== 'done' && d.state !== 'cancelled';
  return (
    <Space wrap data-testid="campaign-actions">
      {(d.state === 'draft' || d.state === 'scheduled') && (
        <Popconfirm
          title={d.state === 'draft' ? t('detail.sendConfirm') : t('detail.sendNowConfirm')}
          description={`${t('detail.sendConfirmCount')} ${toSend} ${t('created.messages')}${t('p.comma')}${t('detail.sendConfirmCost')} ${formatYuan(d.cost.planned)} ${t('estimate.yuan')}`}
          okText={t('detail.send')}
          onConfirm={() => void send()}
        >
          <Button type="primary" loading={busy('send')} data-testid="campaign-send">
            {d.state === 'draft' ? t('detail.send') : t('detail.sendNow')}
          </Button>
        </Popconfirm>
      )}
      {(d.state === 'sending' || d.state === 'scheduled') && (
        <Button loading={busy('pause')} onClick={() => void pause()} data-testid="campaign-pause">
          {t('detail.pause')}
        </Button>
      )}
      {d.state === 'paused' && !missed && (
        <Button type="primary" loading={busy('send')} onClick={() => void send()} data-testid="campaign-resume">
          {t('detail.resume')}
        </Button>
      )}
      {open && !missed && <CancelButton campaignId={d.id} />}
      {failed > 0 && d.state !== 'sending' && <ResendFailedButton campaignId={d.id} failed={failed} onCreated={onCreated} />}
    </Space>
  );
}
