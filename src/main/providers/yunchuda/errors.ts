// 云触达 error table. Every answer is JSON-RPC 2.0; the document shows one code, -32006,
// used both for authentication failures and for missing parameters, so the documented
// MESSAGES decide the explanation, and the code only decides for messages we have never
// seen. Codes the document does not show are read as JSON-RPC 2.0 defines them, and
// every unlisted code is "request refused" (pause, tell the user), never "retry".
import { ProviderError, info, type ErrorInfo, type ErrorTable } from '../errors';

const AUTH = info(
  'request',
  '云触达接口签名校验失败：用户名或密码错误。请在账户设置中核对云触达的用户名和密码（登录 www.yunchuda.com 的账号）。',
  'Yunchuda rejected the request signature: the username or password is wrong. Check the Yunchuda username and password in the account settings.',
);

const TEMPLATE_ID_MISSING = info(
  'request',
  '缺少短信模板 ID。请填写在云触达审核通过的模板 ID（如 TPCODE_100000）后重试。',
  'The SMS template id is missing. Enter the id of a template approved at Yunchuda (e.g. TPCODE_100000) and try again.',
);

const SIGNATURE_MISSING = info(
  'request',
  '缺少短信签名（签名名称或签名 ID）。请填写后重试。',
  'The SMS signature (its name or id) is missing. Fill it in and try again.',
);

/** The documented messages, verbatim as the document prints them (all under code -32006). */
export const MESSAGE_ERRORS: ErrorTable = {
  签名校验不通过: AUTH,
  签名验证失败: AUTH,
  短信内容不能为空: info(
    'request',
    '模板内容为空。请填写短信模板内容后重试。',
    'The template content is empty. Enter the template text and try again.',
  ),
  短信模板id不能为空: TEMPLATE_ID_MISSING,
  模板id不能为空: TEMPLATE_ID_MISSING,
  签名不能为空: SIGNATURE_MISSING,
};

/**
 * Codes. -32006 is the document's; the others are the JSON-RPC 2.0 reserved codes, which
 * the document implies by declaring its answers "JsonRpc2.0格式".
 */
export const CODE_ERRORS: ErrorTable = {
  '-32006': info(
    'request',
    '云触达拒绝了请求（参数、模板、签名或账户问题，如余额不足）。请查看服务商给出的原因，修正后再发送。',
    'Yunchuda refused the request (a parameter, template, signature or account problem such as low balance). Read the reason it gave, fix it, then send again.',
  ),
  '-32700': info(
    'request',
    '云触达无法解析请求（JSON 格式错误）。这是程序问题，请联系开发者，不要重复发送。',
    'Yunchuda could not parse the request (invalid JSON). This is a program fault: contact the developers rather than resending.',
  ),
  '-32600': info(
    'request',
    '云触达认为请求无效。请检查服务商地址是否正确；若地址无误请联系开发者。',
    'Yunchuda says the request is invalid. Check the account base URL; if it is right, contact the developers.',
  ),
  '-32601': info(
    'request',
    '云触达不提供所调用的接口。请检查账户的服务商地址是否为 https://smsapi.taocrm.com 或服务商给您的地址。',
    'Yunchuda does not offer the called method. Check that the account base URL is https://smsapi.taocrm.com or the one the provider gave you.',
  ),
  '-32602': info(
    'request',
    '云触达认为请求参数有误。请查看服务商给出的原因，修正后再发送。',
    'Yunchuda says a parameter is invalid. Read the reason it gave, fix it, then send again.',
  ),
  // An internal error may strike after the messages were queued: never resend by itself.
  '-32603': info(
    'unknown',
    '云触达内部错误，无法确定短信是否已提交。请在云触达后台核对发送记录后再决定是否重发。',
    'Yunchuda had an internal error, so whether the messages were queued is unknown. Check the send records in the Yunchuda console before resending.',
  ),
};

const FALLBACK: ErrorInfo = info(
  'request',
  '云触达返回了未知错误，已暂停。请查看服务商给出的原因，必要时联系云触达客服。',
  'Yunchuda returned an undocumented error; sending is paused. Read the reason it gave and contact Yunchuda support if needed.',
);

/** The ProviderError for a JSON-RPC `error` object: documented message first, then code, then request refused. */
export function rpcError(code: string, message: string): ProviderError {
  const found = MESSAGE_ERRORS[message.trim()] ?? CODE_ERRORS[code.trim()] ?? FALLBACK;
  return new ProviderError('yunchuda', code, message, found);
}

/**
 * A problem found before anything left (a missing template id, a six-digit appendid...):
 * the provider never saw it, but resending cannot help either, so it is "request".
 */
export function localError(text: string, zh: string, en: string): ProviderError {
  return new ProviderError('yunchuda', '', text, info('request', zh, en));
}
