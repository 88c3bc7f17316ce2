// 创瑞's answer codes (document §1.7.3 for sending, §2.4 for the balance), each with the
// class the campaign engine acts on and what the user should do. The balance table is a
// subset of the send table with the same meanings, so one table serves both.
import { ProviderError, info, type ErrorInfo, type ErrorTable } from '../errors';

export const PROVIDER = 'chuangrui' as const;

export const CODES: ErrorTable = {
  '1': info(
    'request',
    '内容含有敏感词汇（代码 1），服务商拒绝了整个请求。请修改短信内容后再发送，必要时联系创瑞客服确认是哪个词。',
    'The content contains a sensitive word (code 1); the provider refused the whole request. Edit the text and send again; ask 创瑞 support which word if unclear.',
  ),
  // The document lists 2 with the same words as 1. Integrations of this same API in the
  // wild read 2 as 余额不足 (balance too low), so the advice covers both.
  '2': info(
    'request',
    '服务商返回代码 2。文档写作“含有敏感词汇”，但不少使用同一接口的程序把 2 解释为“余额不足”。请先查询余额并充值，再检查内容是否含敏感词；确认后再继续。',
    'The provider answered code 2. The document calls it "contains a sensitive word", but many integrations of this API read 2 as "balance too low". Check the balance (top up if needed), then check the text for sensitive words before resuming.',
  ),
  // 没有号码: our requests never carry an empty mobile list, so this means the provider
  // found none of this request's numbers usable: these recipients are refused.
  '3': info(
    'recipient',
    '没有号码（代码 3）：服务商认为本次请求中没有可用的手机号码，这些号码被拒收。请检查这些号码是否为有效的中国大陆手机号。',
    'No number (code 3): the provider found no usable mobile number in this request, so these recipients were refused. Check that they are valid mainland China mobile numbers.',
  ),
  '4': info(
    'request',
    '内容包含 SQL 语句（代码 4）：服务商把内容中类似 SQL 的文字（如 select、insert、drop 等）当作攻击拒绝了。请改写这些词后再发送。',
    'The content contains SQL (code 4): the provider took SQL-like words in the text (select, insert, drop...) as an attack. Reword them and send again.',
  ),
  '10': info(
    'request',
    '账号不存在（代码 10）：用户账号或接口密码不正确，或服务商地址不是您账号的地址。请在账户设置中核对账号、接口密码（网页平台“基本资料”中的接口密码）和创瑞给您的接口地址。',
    'Account does not exist (code 10): the username or API password is wrong, or the base URL is not your account\'s. Check the username, the API password (web console, 基本资料) and the URL 创瑞 gave you.',
  ),
  '11': info(
    'request',
    '账号已注销（代码 11）：该账号不能再发送。请联系创瑞客服（400-006-0086）。',
    'The account has been closed (code 11) and cannot send. Contact 创瑞 support (400-006-0086).',
  ),
  '12': info(
    'request',
    '账号已停用（代码 12）：该账号被暂停使用。请联系创瑞客服（400-006-0086）恢复后再继续。',
    'The account is suspended (code 12). Contact 创瑞 support (400-006-0086) to restore it, then resume.',
  ),
  '13': info(
    'request',
    'IP 鉴权失败（代码 13）：本机的公网 IP 不在账号的 IP 白名单中。请把本机公网 IP 报给创瑞客服加入白名单，或在已登记的网络中使用。',
    'IP authentication failed (code 13): this PC\'s public IP is not on the account\'s whitelist. Ask 创瑞 support to add it, or send from a registered network.',
  ),
  '14': info(
    'request',
    '格式错误（代码 14）：请求参数不符合要求（如内容为空或超过 500 字、签名为空、扩展码不是数字、定时时间格式不对）。请检查内容、签名、扩展码和定时时间。',
    'Format error (code 14): a parameter is not acceptable (empty content or over 500 characters, empty signature, non-digit extension, bad schedule time). Check the text, signature, extension and schedule.',
  ),
  // 系统异常 comes from the application itself, which may have failed after storing the
  // batch: with no sendid we cannot tell, so it must not be resent automatically.
  '-1': info(
    'unknown',
    '服务商系统异常（代码 -1），无法确定这批短信是否已被接收。请登录创瑞网页平台查看发送记录，确认未发送后再决定是否重发。',
    'The provider had a system error (code -1), so whether it took this batch is unknown. Check the send records in the 创瑞 web console before deciding to resend.',
  ),
};

/** Codes the document lists for the balance interface (§2.4); the meanings are the send table's. */
export const BALANCE_CODES = ['0', '10', '11', '12', '13'] as const;

/** An undocumented non-zero code: an answer without a sendid, so nothing was taken. */
const UNDOCUMENTED: ErrorInfo = info(
  'request',
  '服务商返回了文档未列出的代码，请求未被接受。请查看服务商给出的原因，或联系创瑞客服。',
  'The provider answered a code its document does not list; the request was not accepted. See the reason it gave or ask 创瑞 support.',
);

export function codeError(code: string, text: string): ProviderError {
  return new ProviderError(PROVIDER, code, text, CODES[code] ?? UNDOCUMENTED);
}

/** A problem found before anything left: the request was never sent, so nothing to check. */
export function localError(zh: string, en: string): ProviderError {
  return new ProviderError(PROVIDER, '', en, info('request', zh, en));
}

/** A push we refuse: not 创瑞's format, or failed verification. */
export function pushError(zh: string, en: string): ProviderError {
  return new ProviderError(PROVIDER, '', en, info('request', zh, en));
}
