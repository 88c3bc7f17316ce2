// Send records (section 七, ac=query): what the provider says it took, 50 per call, each
// record handed out once. They carry mobile, time, the sent content and a submit status,
// but no mobileids, so settling a message whose outcome is unknown matches on mobile and
// content. Records are consumed by the call that fetched them: the caller keeps them.
import type { OutboundMessage } from '../types';
import type { Answer } from './answer';

export interface SendRecord {
  sendtime: string;
  mobile: string;
  content: string;
  /** Verbatim: '1' 提交成功, '0' 提交失败. */
  status: string;
  submitted: boolean;
}

export interface RecordsPage {
  items: SendRecord[];
  /** The provider holds more records for this filter: call again. */
  more: boolean;
  /** `total` as answered (总记录数量). */
  total: number;
}

export function recordsPage(answer: Answer): RecordsPage {
  const items = answer.rows.map((row) => ({
    sendtime: row.sendtime ?? '',
    mobile: row.mobile ?? '',
    content: row.content ?? '',
    status: row.status ?? '',
    submitted: row.status === '1',
  }));
  const total = Number(answer.fields.total ?? items.length) || 0;
  return { items, more: items.length > 0 && total > items.length, total };
}

/** Content compared without 【签名】 blocks and whitespace: the provider's rendering may add its signature. */
function normalise(text: string): string {
  return text.replace(/【[^】]*】/g, '').replace(/\s+/g, '');
}

export type Settlement = 'submitted' | 'rejected';

/**
 * Settles messages of unknown outcome from fetched records: a record for the same
 * mobile with the same content (signature aside) settles one message, status 1 as
 * submitted, 0 as rejected. Each record settles at most one message. Messages without
 * a matching record stay unsettled (absent from the map): the provider may not have
 * listed them yet, or a later page holds them. `known`: messages of the same account
 * whose outcome is known; a record like one of theirs is taken as theirs first, so the
 * same text sent twice to a number is never settled by the other sending's record.
 */
export function settleByRecords(
  records: readonly SendRecord[],
  messages: readonly OutboundMessage[],
  known: readonly Pick<OutboundMessage, 'mobile' | 'text'>[] = [],
): Map<string, Settlement> {
  const free = [...records];
  for (const k of known) {
    const text = normalise(k.text);
    const at = free.findIndex((r) => r.mobile === k.mobile && normalise(r.content) === text);
    if (at >= 0) free.splice(at, 1);
  }
  const settled = new Map<string, Settlement>();
  for (const m of messages) {
    const text = normalise(m.text);
    const at = free.findIndex((r) => r.mobile === m.mobile && normalise(r.content) === text);
    if (at < 0) continue;
    settled.set(m.ref, free[at].submitted ? 'submitted' : 'rejected');
    free.splice(at, 1);
  }
  return settled;
}
