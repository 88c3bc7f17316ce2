// Times, durations and counts as the pages show them.
import type { MessageKey } from '../i18n/zh-CN';

/** A time the core gave (ISO), in the user's own clock. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A time the core gave (ISO) in Beijing time, 'YYYY-MM-DD HH:mm': how schedules are written. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 'YYYY-MM-DD HH:mm' read as Beijing time → milliseconds since the epoch (NaN if malformed). */
export function parseBeijing(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h - 8, mi);
}

/** Roughly how long: '3 分 20 秒' / '3 min 20 s'. */
export function formatDuration(seconds: number, t: (key: MessageKey) => string): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h} ${t('time.hours')} ${m} ${t('time.minutes')}`;
  if (m > 0) return `${m} ${t('time.minutes')} ${rest} ${t('time.seconds')}`;
  return `${rest} ${t('time.seconds')}`;
}
