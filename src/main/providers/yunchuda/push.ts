// Pushes (section 3): the platform POSTs `smsstate=...` (receipts) or `upstream=...`
// (replies) in the body, records separated by ';', fields by ','; we must answer the
// string "getsuccess" or it pushes again every 2 hours for two days.
import { ProviderError, info } from '../errors';
import type { PushRequest, PushResult, ReceiptIn, ReplyIn } from '../types';
import { percentBytes } from './protocol';

const ANSWER: PushResult['answer'] = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'getsuccess' };

function notOurs(detail: string): ProviderError {
  return new ProviderError(
    'yunchuda',
    '',
    detail,
    info(
      'request',
      '收到的推送不是云触达的状态报告或上行格式，已忽略。请检查推送地址是否只配置给了云触达。',
      'The push is not a Yunchuda receipt or reply; it was ignored. Check that this push address is configured for Yunchuda only.',
    ),
  );
}

/** Records of one value: ';'-separated, fields ','-separated, blanks around them ignored (the reply example has them). */
function records(value: string): string[][] {
  return value
    .split(';')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r) => r.split(',').map((f) => f.trim()));
}

/**
 * Undoes a form encoding of the whole value, should the platform ever send
 * `smsstate=138...%2C1%2C...`: a value with no raw ',' but escaped ones. Reply contents
 * are encoded once more inside, so this leaves them encoded for decodeReplyText.
 */
function unwrap(value: string): string {
  return !value.includes(',') && /%2C/i.test(value) ? percentBytes(value).toString('utf8') : value;
}

/** 3.2: phone, status (1 = received, anything else failed), batch id, yyyyMMddHHmmss. */
export function parseStates(value: string): ReceiptIn[] {
  return records(value).map((f) => {
    if (f.length !== 4 || f[0] === '' || f[1] === '') throw notOurs(`smsstate record with ${f.length} fields: ${f.join(',').slice(0, 100)}`);
    const [mobile, status, batch, time] = f;
    return {
      mobile,
      status,
      delivered: status === '1',
      ...(batch ? { providerBatchId: batch } : {}),
      ...(time ? { reportedAt: time } : {}),
    };
  });
}

/**
 * 3.3's content is "UTF8编码, 接收后请解码": percent-encoded UTF-8. The document's own example,
 * %AA%B5%BD8, is valid neither as UTF-8 nor as GB18030, so: strict UTF-8 first, then strict
 * GB18030 (mainland platforms that promise UTF-8 sometimes send GBK), and otherwise the
 * text exactly as it arrived, still encoded, so that nothing the customer wrote is lost
 * to replacement characters.
 */
export function decodeReplyText(encoded: string): string {
  const bytes = percentBytes(encoded);
  for (const charset of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(charset, { fatal: true }).decode(bytes);
    } catch {
      // not this charset: try the next
    }
  }
  return encoded;
}

/** 3.3: phone, extension (default 1000), content, yyyyMMddHHmmss. */
export function parseUpstream(value: string): ReplyIn[] {
  return records(value).map((f) => {
    if (f.length < 4 || f[0] === '') throw notOurs(`upstream record with ${f.length} fields: ${f.join(',').slice(0, 100)}`);
    // Content is url-encoded so it holds no raw ','; should a platform leave one, keep it in the text.
    const [mobile, extno] = f;
    const time = f[f.length - 1];
    const text = decodeReplyText(f.slice(2, -1).join(','));
    return { mobile, text, ...(extno ? { extno } : {}), ...(time ? { repliedAt: time } : {}) };
  });
}

export function parsePush(request: PushRequest): PushResult {
  const body = request.body.toString('utf8').replace(/^\uFEFF/, '').trim();
  if (body === '') throw notOurs('empty push body');
  const receipts: ReceiptIn[] = [];
  const replies: ReplyIn[] = [];
  // One body carries one parameter in the document; '&'-joined ones are read too.
  for (const pair of body.split('&')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair.trim() : pair.slice(0, eq).trim();
    const value = eq < 0 ? '' : unwrap(pair.slice(eq + 1));
    if (key === 'smsstate') receipts.push(...parseStates(value));
    else if (key === 'upstream') replies.push(...parseUpstream(value));
    else throw notOurs(`unexpected push parameter "${key.slice(0, 40)}"`);
  }
  return { receipts, replies, answer: ANSWER };
}
