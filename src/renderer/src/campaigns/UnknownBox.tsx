// Messages whose outcome we cannot know: said plainly, never resent by themselves; the
// user decides — check them against the provider's send records where it keeps them,
// resend them (a new campaign linked to these) or mark them as sent.
// And resending what failed.
import { Button, Popconfirm, Space, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import type { CampaignCreated } from '../../../shared/contract';
import { call, useCall } from '../api/client';
import { useI18n } from '../i18n';
import { useAction } from '../lib/useAction';

type Which = 'failed' | 'unknown';

/** Resends the messages in one state as a new campaign and opens it. */
function useResend(campaignId: number, onCreated: (created: CampaignCreated) => void): { resend: (which: Which) => Promise<void>; busy: (key: string) => boolean; run: ReturnType<typeof useAction>['run'] } {
  const { t } = useI18n();
  const { run, busy } = useAction();
  const resend = (which: Which): Promise<void> =>
    run(() => call('campaigns.resend', { id: campaignId, which }), { key: `resend-${which}`, success: t('detail.resendCreated'), then: onCreated });
  return { resend, busy, run };
}

/** Whether the campaign's account is at a provider that keeps send records. */
function useKeepsRecords(accountId: number): boolean {
  const accounts = useCall('accounts.list', {});
  const providers = useCall('providers.list', {});
  const provider = accounts.data?.find((a) => a.id === accountId)?.provider;
  return providers.data?.find((p) => p.provider === provider)?.sendRecords ?? false;
}

export function UnknownBox(props: { campaignId: number; accountId: number; unknown: number; resent: number; onCreated: (created: CampaignCreated) => void }): ReactNode {
  const { t } = useI18n();
  const keepsRecords = useKeepsRecords(props.accountId);
  const { token } = theme.useToken();
  const { resend, busy, run } = useResend(props.campaignId, props.onCreated);
  const markSent = (): Promise<void> =>
    run(() => call('campaigns.markSent', { id: props.campaignId }), { key: 'mark', success: ({ updated }) => `${t('detail.markedSent')}${t('p.colon')}${updated}` });
  const check = (): Promise<void> =>
    run(() => call('campaigns.checkUnknown', { id: props.campaignId }), {
      key: 'check',
      success: (f) =>
        `${t('unknown.checked')} ${f.checked}${t('p.colon')}${t('unknown.checkedSubmitted')} ${f.submitted}, ${t('unknown.checkedRejected')} ${f.rejected}, ${t('unknown.checkedUnknown')} ${f.unknown}`,
    });
  const n = props.unknown.toLocaleString();
  // Those a resend copied already are not offered again: they would be sent twice.
  const resendable = props.unknown - props.resent;
  return (
    <div
      data-testid="unknown-box"
      style={{ border: `2px solid ${token.colorWarningBorder}`, background: token.colorWarningBg, borderRadius: token.borderRadiusLG, padding: '12px 16px' }}
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {`${n} ${t('unknown.title')}`}
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="unknown-explain">
        {t('unknown.explain')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('unknown.advice')}</Typography.Paragraph>
      {props.resent > 0 && (
        <Typography.Paragraph data-testid="unknown-resent">{`${props.resent.toLocaleString()} ${t('unknown.resentAlready')}`}</Typography.Paragraph>
      )}
      <Space wrap>
        {keepsRecords && (
          <Button title={t('unknown.checkHint')} loading={busy('check')} onClick={() => void check()} data-testid="check-unknown">
            {t('unknown.check')}
          </Button>
        )}
        {resendable > 0 && (
          <Popconfirm title={`${t('unknown.resendConfirm')} ${resendable.toLocaleString()} ${t('unknown.resendConfirmTail')}`} description={t('unknown.resendWarn')} onConfirm={() => void resend('unknown')} okText={t('unknown.resend')}>
            <Button type="primary" loading={busy('resend-unknown')} data-testid="resend-unknown">
              {t('unknown.resend')}
            </Button>
          </Popconfirm>
        )}
        <Popconfirm title={`${t('unknown.markConfirm')} ${n} ${t('unknown.markConfirmTail')}`} description={t('unknown.markWarn')} onConfirm={() => void markSent()} okText={t('unknown.mark')}>
          <Button loading={busy('mark')} data-testid="mark-sent">
            {t('unknown.mark')}
          </Button>
        </Popconfirm>
      </Space>
    </div>
  );
}

export function ResendFailedButton(props: { campaignId: number; failed: number; onCreated: (created: CampaignCreated) => void }): ReactNode {
  const { t } = useI18n();
  const { resend, busy } = useResend(props.campaignId, props.onCreated);
  return (
    <Popconfirm title={`${t('detail.resendFailedConfirm')} ${props.failed.toLocaleString()} ${t('detail.resendFailedConfirmTail')}`} description={t('detail.resendNote')} onConfirm={() => void resend('failed')}>
      <Button loading={busy('resend-failed')} data-testid="resend-failed">
        {`${t('detail.resendFailed')} (${props.failed.toLocaleString()})`}
      </Button>
    </Popconfirm>
  );
}
