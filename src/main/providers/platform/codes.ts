// The document's error vocabularies, each mapped to a class and a bilingual explanation:
//  - chapter 10 ResultCode table (ensms StatusCode, freeTemplate StatusCode, SOAP
//    StatusCode by name, JSON pull "error");
//  - the 1–4 errorstatus codes of the XML pulls (4.4 / 5.4);
//  - the <message> texts of the sms.aspx family, which carry no code at all.
import { ProviderError, info, type ErrorInfo, type ErrorTable } from '../errors';

export interface ResultCode {
  /** The enum name the document gives (SOAP answers it as StatusCode). */
  name: string;
  /** The document's 说明 column, verbatim. */
  text: string;
  info: ErrorInfo;
}

const CONTACT = '请联系服务商。';
const CONTACT_EN = 'Contact the provider.';

/** Chapter 10, every row but 1 (OK), plus 1119 which only appears in 9.1's example answer. */
export const RESULT_CODES: Record<string, ResultCode> = {
  '1001': { name: 'ParamError', text: '参数错误', info: info('request', '参数错误：请求不符合服务商要求（号码、内容、定时时间或扩展号格式）。请检查后再发。', 'Parameter error: the request does not meet the provider rules (numbers, text, schedule or extension format). Check and send again.') },
  '1002': { name: 'UserNameEmpty', text: '用户名为空', info: info('request', '账号为空，请在账户设置中填写账号。', 'The account name is empty; fill it in the account settings.') },
  '1003': { name: 'PasswordEmpty', text: '密码为空', info: info('request', '密码为空，请在账户设置中填写密码。', 'The password is empty; fill it in the account settings.') },
  '1004': { name: 'UserNameError', text: '用户名错误', info: info('request', '账号不存在，请核对账号。', 'Unknown account name; check it.') },
  '1005': { name: 'PasswordError', text: '密码错误', info: info('request', '密码错误，请核对账户密码。', 'Wrong password; check the account password.') },
  '1006': { name: 'BindIpError', text: 'IP绑定错误', info: info('request', '本机公网 IP 不在账户绑定的 IP 中，请联系服务商添加。', "This PC's public IP is not bound to the account; ask the provider to add it.") },
  '1007': { name: 'UserStop', text: '帐户已停用', info: info('request', '账户已停用。' + CONTACT, 'The account is suspended. ' + CONTACT_EN) },
  '1008': { name: 'UserIdError', text: 'UserId参数错误，该值必需要是数字，由供应商提供。', info: info('request', '企业ID（userid）错误：加密接口需要服务商提供的数字企业ID，请在账户设置中填写。', 'Enterprise id (userid) error: the encrypted endpoint needs the numeric id the provider gave; fill it in the account settings.') },
  '1009': { name: 'Text64Error', text: 'Text64参数错误，错误的可能有：不是有效的base64编码，Des解密失败，解析json时出错。', info: info('request', '加密内容无法解密：密钥取自密码，多半是密码与服务商记录不一致。请核对密码。', 'The encrypted payload could not be decrypted: the key comes from the password, which probably differs from the provider record. Check the password.') },
  '1010': { name: 'StampError', text: '时间戳错误，可能是格式不对，或是时间偏差太大（应该在5分钟以内）。', info: info('request', '时间戳错误：本机时钟与北京时间相差超过 5 分钟。请校准电脑时间后再发。', 'Timestamp error: this PC clock is more than 5 minutes off Beijing time. Fix the clock and send again.') },
  '2001': { name: 'ContentEmpty', text: '内容为空', info: info('request', '短信内容为空。', 'The message text is empty.') },
  '1103': { name: 'MsisdnEmpty', text: '手机号码为空', info: info('request', '手机号码为空。', 'No mobile number was given.') },
  '1104': { name: 'ExtNumberError', text: '扩展错误', info: info('request', '扩展号错误：只能为数字、最多 5 位，且通道须支持扩展号（不支持请留空）。', 'Extension error: digits only, at most 5, and the channel must support it (leave it empty otherwise).') },
  '2105': { name: 'ContentLong', text: '内容太长', info: info('request', '内容太长，请缩短模板。', 'The text is too long; shorten the template.') },
  '1106': { name: 'NoChannel', text: '没有发送通道', info: info('request', '账户没有可用的发送通道。' + CONTACT, 'The account has no sending channel. ' + CONTACT_EN) },
  '2107': { name: 'SensitiveWords', text: '敏感词汇', info: info('request', '内容含敏感词，被服务商拒绝。请修改模板内容。', 'The text contains sensitive words and was refused. Change the template.') },
  '1108': { name: 'MsisdnError', text: '错误的手机号码', info: info('recipient', '手机号码错误，服务商拒收该号码。', 'Invalid mobile number; the provider refused it.') },
  '1109': { name: 'MsisdnBlack', text: '黑名单的手机号码', info: info('recipient', '该号码在服务商黑名单中，已拒收。', 'The number is on the provider blacklist and was refused.') },
  '1110': { name: 'MsisdnNoChannel', text: '没有通道的手机号码', info: info('recipient', '该号码没有可用通道（运营商或地区不支持），已拒收。', 'No channel serves this number (carrier or region), so it was refused.') },
  '1111': { name: 'AmountNotEnough', text: '额度不足', info: info('request', '余额（条数）不足，请充值后继续。', 'Not enough balance (messages); top up and resume.') },
  '1112': { name: 'NoProduct', text: '没有配置产品', info: info('request', '账户未配置短信产品。' + CONTACT, 'The account has no SMS product configured. ' + CONTACT_EN) },
  '2113': { name: 'RequiredSuffix', text: '需要签名', info: info('request', '缺少签名：内容须以【签名】结尾。', 'Signature missing: the text must end with 【signature】.') },
  '2114': { name: 'SuffixError', text: '签名错误', info: info('request', '签名错误：签名须为 3–8 个字，并已在服务商报备。', 'Signature error: it must be 3–8 characters and registered with the provider.') },
  '3001': { name: 'SubjectEmpty', text: '主题为空', info: info('request', '彩信主题为空。', 'The MMS subject is empty.') },
  // Not in the table: the only documented example of 9.1's answer. The feature needs enabling.
  '1119': { name: '', text: '未启用该功能', info: info('request', '账户未开通该功能（如模板报备）。' + CONTACT, 'This feature (e.g. template registration) is not enabled for the account. ' + CONTACT_EN) },
  // A well-formed answer saying the server failed: it may have stored the task first.
  '9999': { name: 'InternalError', text: '系统内部错误', info: info('unknown', '服务商系统内部错误，无法确定是否已接收。请在服务商后台核对后再决定是否重发。', 'Provider internal error; whether it accepted the request is unknown. Check its console before resending.') },
};

export const OK_CODE = '1';

export const RESULT_TABLE: ErrorTable = Object.fromEntries(Object.entries(RESULT_CODES).map(([code, rc]) => [code, rc.info]));

/** ResultCode by enum name ('PasswordError' → '1005'); 'OK' → '1'. */
export function codeOfName(name: string): string | undefined {
  if (name === 'OK') return OK_CODE;
  return Object.entries(RESULT_CODES).find(([, rc]) => rc.name !== '' && rc.name === name)?.[0];
}

/** 4.4 / 5.4: the XML pulls' own 1–4 numbering (unrelated to chapter 10). */
export const PULL_ERRORS: ErrorTable = {
  '1': info('request', '用户名或密码不能为空：请在账户设置中填写账号和密码。', 'Account or password empty; fill them in the account settings.'),
  '2': info('request', '用户名或密码错误，请核对账户设置。', 'Wrong account or password; check the account settings.'),
  '3': info('request', '该账户不允许查看状态报告/上行。请联系服务商开通，或改用推送。', 'This account may not query receipts/replies. Ask the provider to enable it, or use push.'),
  '4': info('request', '查询参数不正确。', 'The query parameters are wrong.'),
};

const FALLBACK = info('request', '服务商拒绝了请求，请查看服务商给出的原因。', 'The provider refused the request; see the reason it gave.');

/** The three <message> texts chapter 3 documents (操作成功 is success). */
const DOCUMENTED_MESSAGES: Record<string, ErrorInfo> = {
  用户名或密码不能为空: info('request', '用户名或密码不能为空：请在账户设置中填写账号和密码。', 'Account or password empty; fill them in the account settings.'),
  用户名或密码错误: info('request', '用户名或密码错误，请核对账户设置（密码以 MD5 大写传送）。', 'Wrong account or password; check the account settings.'),
};

/** Keywords for texts the document does not list, most specific first. */
const KEYWORDS: [RegExp, string][] = [
  [/黑名单/, '1109'],
  [/余额|额度|欠费/, '1111'],
  [/敏感|违禁|非法字符/, '2107'],
  [/需要签名|缺少签名/, '2113'],
  [/签名/, '2114'],
  [/停用|禁用/, '1007'],
  [/IP/i, '1006'],
  [/通道/, '1106'],
  [/主题/, '3001'],
  [/扩展/, '1104'],
  [/太长|超长/, '2105'],
];

export const SUCCESS_MESSAGE = '操作成功';

/**
 * The class of a failure known only by its <message> text (sms.aspx family, pwd.aspx,
 * mms.aspx, BatchSms.ashx): the documented texts, then the chapter 10 说明 texts
 * verbatim (the server shares them), then keywords; otherwise "request refused".
 */
export function infoForMessage(message: string): ErrorInfo {
  const m = message.trim();
  const documented = DOCUMENTED_MESSAGES[m];
  if (documented) return documented;
  const byText = Object.values(RESULT_CODES).find((rc) => rc.text === m);
  if (byText) return byText.info;
  const keyword = KEYWORDS.find(([re]) => re.test(m));
  return keyword ? (RESULT_CODES[keyword[1]]?.info ?? FALLBACK) : FALLBACK;
}

/** A whole-request failure of the sms.aspx family: no code on the wire, the text is the evidence. */
export function messageError(message: string): ProviderError {
  return new ProviderError('platform', '', message, infoForMessage(message));
}

/** A chapter 10 failure; `code` is what the provider sent (numeric, or the enum name from SOAP). */
export function resultCodeError(code: string, text: string): ProviderError {
  const numeric = /^\d+$/.test(code) ? code : codeOfName(code);
  return new ProviderError('platform', code, text, (numeric && RESULT_TABLE[numeric]) || FALLBACK);
}

export function pullError(code: string, text: string): ProviderError {
  return new ProviderError('platform', code, text, PULL_ERRORS[code] ?? FALLBACK);
}

/** Refused locally before sending, with the code the provider would have answered. */
export function localError(code: string): ProviderError {
  const rc = RESULT_CODES[code];
  return new ProviderError('platform', code, rc?.text ?? '', rc?.info ?? FALLBACK);
}
