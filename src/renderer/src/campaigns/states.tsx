// The states of a campaign and of its messages, named and coloured the same everywhere.
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { CampaignView, MessageState } from '../../../shared/contract';
import { useI18n } from '../i18n';

import { MESSAGE_STATES } from '../../../shared/views';

const CAMPAIGN_COLOURS: Record<CampaignView['state'], string> = {
  draft: 'default',
  scheduled: 'purple',
  sending: 'processing',
  paused: 'warning',
  done: 'success',
  cancelled: 'default',
};

export const MESSAGE_COLOURS: Record<MessageState, string> = {
  planned: 'default',
  submitting: 'processing',
  submitted: 'blue',
  delivered: 'green',
  failed: 'red',
  rejected: 'volcano',
  unknown: 'gold',
  expired: 'orange',
  cancelled: 'default',
};

export function CampaignStateTag(props: { state: CampaignView['state'] }): ReactNode {
  const { t } = useI18n();
  return (
    <Tag color={CAMPAIGN_COLOURS[props.state]} data-testid="campaign-state" data-state={props.state}>
      {t(`cstate.${props.state}`)}
    </Tag>
  );
}

export function MessageStateTag(props: { state: MessageState; count?: number }): ReactNode {
  const { t } = useI18n();
  return (
    <Tag color={MESSAGE_COLOURS[props.state]} data-testid={props.count === undefined ? 'message-state' : `count-${props.state}`} data-state={props.state}>
      {t(`mstate.${props.state}`)}
      {props.count !== undefined && ` ${props.count.toLocaleString()}`}
    </Tag>
  );
}

/** Messages in all, and those no longer waiting to leave. */
export function progressOf(counts: Partial<Record<MessageState, number>>): { total: number; done: number } {
  const total = MESSAGE_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return { total, done: total - (counts.planned ?? 0) - (counts.submitting ?? 0) };
}

/** A tag for each state that has messages. */
export function StateCounts(props: { counts: Partial<Record<MessageState, number>> }): ReactNode {
  return (
    <span data-testid="state-counts">
      {MESSAGE_STATES.filter((s) => (props.counts[s] ?? 0) > 0).map((s) => (
        <MessageStateTag key={s} state={s} count={props.counts[s]} />
      ))}
    </span>
  );
}
