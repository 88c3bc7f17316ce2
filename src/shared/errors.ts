// Errors that cross process boundaries: a stable code plus a message in both languages.
// A thrown Error loses its fields over IPC, so calls return envelopes instead.
import type { Bilingual } from './providers';

export class AppError extends Error {
  readonly code: string;
  readonly messages: Bilingual;
  /** Extra structured detail (row numbers, field names...) safe to show the user. */
  readonly detail?: Record<string, unknown>;

  constructor(code: string, messages: Bilingual, detail?: Record<string, unknown>) {
    super(`${messages.zh} / ${messages.en}`);
    this.name = 'AppError';
    this.code = code;
    this.messages = messages;
    this.detail = detail;
  }
}

export interface ErrorBody {
  code: string;
  /** Chinese first, then English: the UI shows the one matching its locale. */
  message: string;
  zh: string;
  en: string;
  detail?: Record<string, unknown>;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) {
    return { code: err.code, message: err.message, zh: err.messages.zh, en: err.messages.en, detail: err.detail };
  }
  const explain = (err as { explain?: Bilingual }).explain;
  if (explain && typeof explain.zh === 'string') {
    // A ProviderError: the provider's code and class travel as detail.
    const e = err as { code?: string; text?: string; errorClass?: string; provider?: string };
    return {
      code: `provider.${e.errorClass ?? 'error'}`,
      message: `${explain.zh} / ${explain.en}`,
      zh: explain.zh,
      en: explain.en,
      detail: { provider: e.provider, providerCode: e.code, providerText: e.text },
    };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: text, zh: '内部错误：' + text, en: 'Internal error: ' + text };
}
