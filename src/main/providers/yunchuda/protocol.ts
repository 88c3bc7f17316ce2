// The wire: every 云触达 call is an HTTP POST of a UTF-8 JSON object carrying
// username, sign and timestamp, answered in JSON-RPC 2.0 (`result` or `error`).
import type { HttpClient } from '../http';
import type { AccountConfig } from '../types';
import { unparseable } from '../errors';
import { joinUrl, md5 } from '../util';
import { rpcError } from './errors';

export const PATHS = {
  send: 'Sms/SendBatchSms',
  balance: 'Sms/GetSmsBalance',
  templateAdd: 'SmsTemp/SmsTempAdd',
  templateGet: 'SmsTemp/SmsTemplateGet',
  templateDel: 'SmsTemp/SmsTemplateDel',
  templateEdit: 'SmsTemp/SmsTemplateEdit',
  signatureCreate: 'SmsSign/SmsSignCreated',
  signatureGet: 'SmsSign/SmsSignGet',
  signatureDel: 'SmsSign/SmsSignDel',
} as const;

/** 6.1: MD5(username + password + timestamp), nothing between them, 32 characters, upper case. */
export function signFor(username: string, password: string, timestamp: string): string {
  return md5(username + password + timestamp, 'upper');
}

/**
 * "Utf-8 urlencode": percent-encoded UTF-8 bytes. encodeURIComponent escapes ',' ';' '&'
 * '+' and spaces, so the result decodes the same whether the provider's decoder treats
 * '+' as a space (.NET HttpUtility, Java URLDecoder) or not.
 * Throws URIError for a lone surrogate, which no charset can carry.
 */
export function urlEncodeUtf8(text: string): string {
  return encodeURIComponent(text);
}

/** Percent-escapes and '+' (a space, as form encoders write it) to raw bytes. */
export function percentBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** Bytes a parameter value occupies as it travels (the document's length column counts bytes). */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Reads a JSON-RPC 2.0 answer: the `result`, or a thrown ProviderError for `error`, or unparseable. */
export function parseAnswer(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw unparseable('yunchuda', text, err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unparseable('yunchuda', text);
  const answer = parsed as Record<string, unknown>;
  const error = answer.error;
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as Record<string, unknown>;
    // The document prints the code as a string ("-32006"); JSON-RPC 2.0 makes it a number.
    if ((typeof code === 'string' || typeof code === 'number') && typeof message === 'string') {
      throw rpcError(String(code), message);
    }
    throw unparseable('yunchuda', text);
  }
  if (!('result' in answer) || answer.result === null || answer.result === undefined) throw unparseable('yunchuda', text);
  return answer.result;
}

/** A `result` that must be a non-empty string (batch id, template id, "SUCCESS"). */
export function resultString(result: unknown, raw: string): string {
  if (typeof result === 'number' && Number.isFinite(result)) return String(result);
  if (typeof result === 'string' && result.trim() !== '') return result;
  throw unparseable('yunchuda', raw);
}

export interface Answer {
  result: unknown;
  /** The answer body as text, for unparseable() and `raw` fields. */
  raw: string;
}

/** Signs and posts one call. Holds the secret; never puts it in an error or a log. */
export class Rpc {
  constructor(
    private readonly account: AccountConfig,
    private readonly http: HttpClient,
    private readonly now: () => number = Date.now,
  ) {}

  async call(path: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Answer> {
    // A millisecond Unix timestamp, as the field's description, the request example
    // (1440144935000) and the .NET sample all say. The sign example's 18-digit value is
    // only an illustration of the concatenation.
    const timestamp = String(this.now());
    const { username, password } = this.account;
    const body = JSON.stringify({ username, sign: signFor(username, password, timestamp), timestamp, ...params });
    const res = await this.http.request({
      method: 'POST',
      url: joinUrl(this.account.baseUrl, path),
      headers: { 'Content-Type': 'application/json' },
      body,
      signal,
    });
    const raw = res.body.toString('utf8');
    return { result: parseAnswer(raw), raw };
  }
}
