// 立即拉取: for each account whose provider is pulled, one pull now (receipts and
// replies until the provider has nothing more), and what it brought.
import { Button, Card, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { AccountView } from '../../../shared/contract';
import type { Capabilities } from '../../../shared/providers';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import { capsOf } from '../lib/caps';
import { useAction } from '../lib/useAction';

type PollResult = { receipts: number; replies: number; calls: number };

/** The accounts whose provider is pulled, with its least interval between calls. */
export function pulledAccounts(accounts: AccountView[], providers: Capabilities[]): { account: AccountView; caps: Capabilities; intervalMs: number }[] {
  return accounts.flatMap((account) => {
    const caps = capsOf(account, providers);
    const pull = caps?.receipts.pull ?? caps?.replies.pull;
    return caps && pull ? [{ account, caps, intervalMs: pull.minIntervalMs }] : [];
  });
}

export function PollNow(props: { accounts: AccountView[]; providers: Capabilities[] }): ReactNode {
  const { t, pick } = useI18n();
  const { run, busy } = useAction();
  const [results, setResults] = useState<Record<number, PollResult>>({});
  const pulled = pulledAccounts(props.accounts, props.providers);
  const poll = (id: number): Promise<void> =>
    run(() => call('receipts.poll', { accountId: id }), { key: `poll-${id}`, then: (r) => setResults((prev) => ({ ...prev, [id]: r })) });
  return (
    <Card size="small" title={t('poll.title')} data-testid="poll-card">
      <Typography.Paragraph type="secondary">{t('poll.explain')}</Typography.Paragraph>
      {pulled.length === 0 && <Typography.Text type="secondary">{t('poll.none')}</Typography.Text>}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {pulled.map(({ account, caps, intervalMs }) => {
          const r = results[account.id];
          const polling = busy(`poll-${account.id}`);
          return (
            <Space key={account.id} wrap data-testid="poll-account" data-account={account.name}>
              <Typography.Text strong>{account.name}</Typography.Text>
              <Typography.Text type="secondary">{pick(caps.label)}</Typography.Text>
              <Button type="primary" loading={polling} onClick={() => void poll(account.id)} data-testid="poll-now">
                {t('poll.now')}
              </Button>
              {polling && <Typography.Text type="secondary">{`${t('poll.pace')} ${Math.round(intervalMs / 1000)} ${t('time.seconds')}${t('p.comma')}${t('poll.wait')}`}</Typography.Text>}
              {r && !polling && (
                <Typography.Text data-testid="poll-result">
                  {`${t('poll.got')} ${r.receipts} ${t('poll.receipts')}${t('p.comma')}${r.replies} ${t('poll.replies')}${t('p.open')}${r.calls} ${t('poll.calls')}${t('p.close')}`}
                </Typography.Text>
              )}
            </Space>
          );
        })}
      </Space>
    </Card>
  );
}
