// smsadmin answer codes. Every send endpoint (GET, POST, 点点通) answers one line
// "<code> <text>" in GB2312; the queries answer "1 用户名或密码错误!" on bad credentials.
import { ProviderError, info, providerError, unparseable, type ErrorInfo, type ErrorTable } from '../errors';

const PROVIDER = 'smsadmin';

/** Codes of the send endpoints (sections 2, 3 and 4), code 6 included although the document skips it. */
export const SEND_ERRORS: ErrorTable = {
  '1': info(
    'request',
    '用户名或密码错误，整批未发送。请在账户设置中核对用户 ID 和密码（选择 MD5 方式时填写原密码，软件会自动加密）。',
    'Wrong user ID or password; nothing was sent. Check them in the account settings (with the MD5 endpoint enter the plain password: Qunfa hashes it).',
  ),
  '2': info(
    'request',
    '账户余额不足，整批未发送。请联系服务商业务员充值后继续发送。',
    'Insufficient balance; nothing was sent. Ask the provider’s sales contact to top up, then resume.',
  ),
  '3': info(
    'request',
    '一次提交的号码超过接口上限（GET 100 个，POST 与点点通 1000 个），整批未发送。服务商可能调低了此账户的上限，请联系服务商技术支持。',
    'Too many numbers in one request (GET 100, POST and 点点通 1000); nothing was sent. The provider may have lowered this account’s limit: contact its support.',
  ),
  '4': info(
    'request',
    '此用户 ID 不允许发送，整批未发送。请联系服务商开通发送权限。',
    'This user ID may not send; nothing was sent. Ask the provider to enable sending.',
  ),
  '5': info(
    'request',
    '手机号或短信内容为空，整批未发送。请检查号码与模板内容。',
    'Numbers or content were empty; nothing was sent. Check the numbers and the template.',
  ),
  '6': info(
    'unknown',
    '服务商返回了文档未说明的代码 6，无法确定是否已发送。请在服务商后台核对后再决定是否重发。',
    'The provider answered code 6, which its document does not describe, so whether it sent is unknown. Check its console before resending.',
  ),
  '7': info(
    'request',
    '短信超过通道允许的最大字数（签名计入字数，中英文字符各算一个字），整批未发送。请缩短内容后重新发送。',
    'The message is longer than the channel allows (the signature counts; every character, Chinese or Latin, counts one); nothing was sent. Shorten it and send again.',
  ),
  '8': info(
    'request',
    '用户 ID 已被冻结，整批未发送。请联系服务商客服解冻。',
    'The user ID is frozen; nothing was sent. Contact the provider’s customer service.',
  ),
};

/** Queries (balance, sensitive words, pulls) document only code 1. */
export const QUERY_ERRORS: ErrorTable = {
  '1': info(
    'request',
    '用户名或密码错误。请在账户设置中核对用户 ID 和密码。',
    'Wrong user ID or password. Check them in the account settings.',
  ),
};

/** Answer 7 carries the channel's limit ("超过 XX 个字"); the error keeps it for the preflight and the user. */
export class ContentTooLongError extends ProviderError {
  readonly maxChars: number | null;
  constructor(code: string, text: string, maxChars: number | null) {
    super(PROVIDER, code, text, tooLongInfo(maxChars));
    this.maxChars = maxChars;
  }
}

function tooLongInfo(maxChars: number | null): ErrorInfo {
  if (maxChars === null) return SEND_ERRORS['7'];
  return info(
    'request',
    `短信超过通道允许的最大字数 ${maxChars} 字（签名计入字数，中英文字符各算一个字），整批未发送。请缩短到 ${maxChars} 字以内后重新发送。`,
    `The message is longer than the channel’s ${maxChars} characters (the signature counts; every character, Chinese or Latin, counts one); nothing was sent. Shorten it to ${maxChars} characters and send again.`,
  );
}

export interface CodeAnswer {
  code: string;
  text: string;
}

/**
 * "0 发送成功!" → { code: '0', text: '0 发送成功!' }. Only a lone digit 0–9 counts as a
 * code: a pulled line starts with a mobile number ("1380…/…") and is not an answer code.
 */
export function parseCodeAnswer(body: string): CodeAnswer | null {
  const trimmed = body.trim();
  const m = /^(\d)(?![\d/])\s*([^\r\n]*)$/u.exec(trimmed);
  return m ? { code: m[1], text: trimmed } : null;
}

/** "7 超过 300 个字,请修改后发送!" → 300. */
export function parseLengthLimit(text: string): number | null {
  const m = /超过\s*(\d+)\s*个字/u.exec(text);
  return m ? Number(m[1]) : null;
}

/** Turns a send answer into nothing (success) or the documented error; anything else is unparseable. */
export function checkSendAnswer(body: string): void {
  const answer = parseCodeAnswer(body);
  if (!answer) throw unparseable(PROVIDER, body);
  if (answer.code === '0') return;
  if (answer.code === '7') throw new ContentTooLongError(answer.code, answer.text, parseLengthLimit(answer.text));
  // 9 is in no table: whether it sent is unknown, as for any answer we cannot read.
  if (!(answer.code in SEND_ERRORS)) throw unparseable(PROVIDER, body);
  throw providerError(PROVIDER, SEND_ERRORS, answer.code, answer.text);
}

/** Throws the documented query error if the body is one ("1 用户名或密码错误!"). */
export function checkQueryError(body: string): void {
  const answer = parseCodeAnswer(body);
  if (answer && answer.code in QUERY_ERRORS) throw providerError(PROVIDER, QUERY_ERRORS, answer.code, answer.text);
}

/** A mistake of ours found before anything left (bad submission key, mixed texts): never retried. */
export function localRequestError(text: string, zh: string, en: string): ProviderError {
  return new ProviderError(PROVIDER, '', text, info('request', zh, en));
}
