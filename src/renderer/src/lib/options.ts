// The choices of a list or an account, labelled the same wherever one is picked.
import type { AccountView, ListView } from '../../../shared/contract';
import type { MessageKey } from '../i18n/zh-CN';

/** 会员 (1,234) */
export function listOptions(lists: ListView[] | undefined, t: (key: MessageKey) => string): { value: number; label: string }[] {
  return (lists ?? []).map((l) => ({ value: l.id, label: `${l.name}${t('p.open')}${l.contacts.toLocaleString()}${t('p.close')}` }));
}

/** 门店账户【门店】 */
export function accountOptions(accounts: AccountView[] | undefined): { value: number; label: string }[] {
  return (accounts ?? []).map((a) => ({ value: a.id, label: a.signature ? `${a.name}【${a.signature}】` : a.name }));
}
