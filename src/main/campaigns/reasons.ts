// Why a campaign paused, kept on the campaign as JSON so the UI and the CLI can say it
// in either language, with the provider's own code where there is one.
import type { Bilingual } from '../../shared/providers';
import type { ProviderError } from '../providers/errors';

export interface PauseReason extends Bilingual {
  code: string;
  providerCode?: string;
  providerText?: string;
}

export const REASONS = {
  user: { code: 'user', zh: '已由用户暂停。', en: 'Paused by the user.' },
  interrupted: {
    code: 'interrupted',
    zh: '群发在发送过程中被中断（程序关闭或崩溃）。发送中的请求结果未知，已标记为“未知”；其余未发送，可继续。',
    en: 'Sending was interrupted (the app closed or crashed). Requests in flight are marked unknown; the rest were not sent and can be resumed.',
  },
  missedSchedule: {
    code: 'missed-schedule',
    zh: '定时发送的时间已过（当时程序未运行）。请确认是否现在发送。',
    en: 'The scheduled time passed while Qunfa was not running. Confirm whether to send now.',
  },
  retriesExhausted: {
    code: 'retries-exhausted',
    zh: '多次重试仍无法连接服务商，已暂停。请检查网络后继续。',
    en: 'The provider could not be reached after several retries; paused. Check the network and resume.',
  },
  internal: {
    code: 'internal',
    zh: '发送时出现内部错误，已暂停。已发出的请求都有记录，结果不明的标记为“未知”。请把错误信息告诉我们，然后可以继续。',
    en: 'An internal error stopped sending; paused. Every request sent is recorded, those of unknown outcome marked unknown. Please report the error; you can resume.',
  },
} as const satisfies Record<string, PauseReason>;

export function providerReason(err: ProviderError): PauseReason {
  return { code: `provider.${err.errorClass}`, zh: err.explain.zh, en: err.explain.en, providerCode: err.code, providerText: err.text };
}

export function parseReason(json: string | null): PauseReason | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as PauseReason;
  } catch {
    return { code: 'unknown', zh: json, en: json };
  }
}
