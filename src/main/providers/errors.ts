// Typed provider errors. Every documented code maps to one of four classes, and the
// campaign engine (not the driver) decides what to do with each:
//   retry      the request was never accepted: back off and send the same submission again
//   recipient  the provider refused these recipients; the others go on
//   request    the provider refused the whole request (auth, balance, template...): pause, tell the user
//   unknown    we cannot know whether it was accepted: never resend automatically
import type { Bilingual, ProviderName } from '../../shared/providers';

export type ErrorClass = 'retry' | 'recipient' | 'request' | 'unknown';

export interface ErrorInfo {
  class: ErrorClass;
  /** What happened and what the user should do, in both languages. */
  explain: Bilingual;
}

export class ProviderError extends Error {
  readonly provider: ProviderName;
  /** The provider's own code, verbatim ('' where it gave none, e.g. a network failure). */
  readonly code: string;
  /** The provider's own text, verbatim. */
  readonly text: string;
  readonly errorClass: ErrorClass;
  readonly explain: Bilingual;

  constructor(provider: ProviderName, code: string, text: string, info: ErrorInfo, options?: { cause?: unknown }) {
    super(`${provider} ${code ? code + ' ' : ''}${text}: ${info.explain.en}`, options);
    this.name = 'ProviderError';
    this.provider = provider;
    this.code = code;
    this.text = text;
    this.errorClass = info.class;
    this.explain = info.explain;
  }
}

/** A table of documented codes: code → class and explanation. */
export type ErrorTable = Record<string, ErrorInfo>;

export function info(cls: ErrorClass, zh: string, en: string): ErrorInfo {
  return { class: cls, explain: { zh, en } };
}

/** Looks a code up in a provider's table; an undocumented code is `fallback` (default: request refused). */
export function providerError(
  provider: ProviderName,
  table: ErrorTable,
  code: string,
  text: string,
  fallback: ErrorInfo = info('request', '服务商拒绝了请求，请查看服务商给出的原因。', 'The provider refused the request; see the reason it gave.'),
): ProviderError {
  return new ProviderError(provider, code, text, table[code] ?? fallback);
}

/** A reply we could not read: whether the provider accepted the request is unknown. */
export function unparseable(provider: ProviderName, body: string, cause?: unknown): ProviderError {
  return new ProviderError(
    provider,
    '',
    body.slice(0, 200),
    info(
      'unknown',
      '服务商的应答无法解析，无法确定是否已发送。请在服务商后台核对后再决定是否重发。',
      'The provider answered something we cannot read, so whether it sent is unknown. Check in the provider console before resending.',
    ),
    { cause },
  );
}
