// The document's status codes (section 四, answers to every call) and the receipt
// result codes (section 五), each with the class the campaign engine acts on and an
// explanation that says what the user should do.
import { info, type ErrorInfo, type ErrorTable } from '../errors';

/** The code the document gives for success. */
export const SUCCESS = '100';

/** Each documented code's text, verbatim from the document, used when an answer carries no message. */
export const DOCUMENTED_TEXT: Record<string, string> = {
  '100': '发送成功',
  '101': '验证失败',
  '102': '短信不足',
  '103': '操作失败',
  '104': '非法字符',
  '105': '内容过多',
  '106': '号码过多',
  '107': '频率过快',
  '108': '号码内容空',
  '109': '账号冻结',
  '112': '号码错误',
  '116': '禁止接口发送',
  '117': '绑定IP不正确',
  '118': '验证时间戳格式不对',
  '119': '超过验证时效',
  '124': '重复提交过多',
  // The document lists 151 twice: 超出设置限制 and 每小时发送量限制 (see docs/providers/smscn.md).
  '151': '超出设置限制（每小时发送量限制）',
  '152': '每天发送量限制',
  '161': '未添加短信模板',
  '162': '模板格式不正确',
  '163': '模板ID不正确',
  '164': '全文模板不匹配',
  '166': '模板内容重复',
  '167': '模板审核中',
  '168': '模板审核不通过',
  '169': '变量内容超过限制',
};

/**
 * Every documented error code. 'recipient' is used where the refusal depends on the
 * values this request carries (other requests, with other values, may pass); 'request'
 * where every request of the account would meet the same refusal.
 */
export const ERRORS: ErrorTable = {
  '101': info(
    'request',
    '验证失败：用户名、密码、接口密码或 secretkey 不正确。请在账户设置中核对用户名（uid）、验证方式和对应的密码或 secretkey。',
    'Authentication failed: the user name, password, interface password or secretkey is wrong. Check the uid, the authentication mode and its password or secretkey in the account settings.',
  ),
  '102': info(
    'request',
    '短信条数不足，未发送。请在服务商平台充值后继续。',
    'Not enough message credit; nothing was sent. Top up at the provider, then resume.',
  ),
  '103': info(
    'retry',
    '服务商报告“操作失败”，请求未被执行，稍后会自动重试。若反复出现，请联系服务商。',
    'The provider reported "operation failed" and did not carry out the request; it will be retried. If it keeps happening, contact the provider.',
  ),
  '104': info(
    'recipient',
    '内容含非法字符（变量值中的某些字或符号不被允许），这些号码未发送。请修改相应联系人的字段值。',
    'The content has characters the provider does not allow (in the merged values); these numbers were not sent. Edit the values of these contacts.',
  ),
  '105': info(
    'recipient',
    '内容过多：模板加变量值后超过服务商允许的长度，这些号码未发送。请缩短变量值或模板。',
    'Content too long: the template with these values exceeds the provider limit; these numbers were not sent. Shorten the values or the template.',
  ),
  '106': info(
    'request',
    '单次提交的号码过多，服务商拒绝了整个请求。请联系服务商确认每次可提交的号码数。',
    'Too many numbers in one request; the provider refused it. Ask the provider how many numbers one request may carry.',
  ),
  '107': info(
    'retry',
    '提交频率过快，请求未被接受，稍后会自动重试。',
    'Requests too frequent; this one was not accepted and will be retried later.',
  ),
  '108': info(
    'request',
    '号码或内容为空，服务商拒绝了请求。请检查模板变量和联系人号码。',
    'Number or content empty; the provider refused the request. Check the template variables and the contact numbers.',
  ),
  '109': info(
    'request',
    '账号已被冻结，无法发送。请联系服务商解冻。',
    'The account is frozen and cannot send. Contact the provider to unfreeze it.',
  ),
  '112': info(
    'recipient',
    '号码错误：本次提交中有服务商不接受的号码，这些号码未发送。请核对联系人号码。',
    'Wrong number: this request held a number the provider does not accept; these numbers were not sent. Check the contact numbers.',
  ),
  '116': info(
    'request',
    '该账号禁止通过接口发送。请在服务商平台开通接口发送权限或联系服务商。',
    'This account may not send through the API. Enable API sending in the provider console or contact the provider.',
  ),
  '117': info(
    'request',
    '绑定 IP 不正确：本机的公网 IP 不在账号绑定的 IP 列表中。请在服务商平台添加本机公网 IP。',
    'Bound IP mismatch: this PC\'s public IP is not among the account\'s bound IPs. Add it in the provider console.',
  ),
  '118': info(
    'request',
    '验证时间戳格式不对。这是本程序的问题，请联系开发者。',
    'The authentication timestamp has the wrong format. This is a bug in Qunfa; please report it.',
  ),
  '119': info(
    'request',
    '超过验证时效：本机时钟与北京时间相差超过 5 分钟。请校准电脑时间（开启自动同步时间）后继续。',
    'Authentication expired: this PC\'s clock differs from Beijing time by more than 5 minutes. Correct the clock (turn on automatic time sync), then resume.',
  ),
  '124': info(
    'recipient',
    '重复提交过多：相同内容对这些号码提交次数过多，服务商拒绝。请勿重复发送。',
    'Too many repeated submissions of the same content to these numbers; the provider refused them. Do not resend.',
  ),
  '151': info(
    'request',
    '超出账号设置的限制（文档中 151 也表示每小时发送量限制）。请等到下一个小时再继续，或在服务商平台调整限制。',
    'The account\'s configured limit is reached (the document also gives 151 as the hourly sending limit). Resume after the hour, or raise the limit in the provider console.',
  ),
  '152': info(
    'request',
    '已达到每天发送量限制。请明天再继续，或在服务商平台调整限制。',
    'The daily sending limit is reached. Resume tomorrow, or raise the limit in the provider console.',
  ),
  '161': info(
    'request',
    '未添加短信模板。请先在服务商平台添加模板并审核通过，再在活动中填写模板 ID。',
    'No template has been added. Add a template in the provider console, get it approved, then enter its id in the campaign.',
  ),
  '162': info(
    'request',
    '模板格式不正确：变量内容（JSON）或模板本身格式有误。请检查模板。',
    'Template format incorrect: the variables (JSON) or the template itself are malformed. Check the template.',
  ),
  '163': info(
    'request',
    '模板 ID 不正确。请核对服务商平台“语音服务→语音模板”中的模板 ID。',
    'Wrong template id. Check the id in the provider console (语音服务 → 语音模板).',
  ),
  '164': info(
    'request',
    '全文模板不匹配：提交的变量与服务商模板的变量不一致。Qunfa 模板的占位符名称必须与服务商模板的 {$变量名} 一致。',
    'Template mismatch: the variables sent do not match the provider template\'s. Qunfa placeholder names must equal the provider template\'s {$name} variables.',
  ),
  '166': info(
    'request',
    '模板内容重复。请在服务商平台检查模板。',
    'Duplicate template content. Check the templates in the provider console.',
  ),
  '167': info(
    'request',
    '模板审核中，暂不能使用。请等待审核通过后再继续。',
    'The template is still under review. Resume once it is approved.',
  ),
  '168': info(
    'request',
    '模板审核不通过。请在服务商平台修改模板后重新提交审核。',
    'The template was not approved. Edit it in the provider console and submit it for review again.',
  ),
  '169': info(
    'recipient',
    '变量内容超过限制：这些号码的变量值过长，未发送。请缩短相应联系人的字段值。',
    'Variable content over the limit: the values for these numbers are too long; they were not sent. Shorten the values of these contacts.',
  ),
};

/** Codes the document does not list. */
export const UNDOCUMENTED: ErrorInfo = info(
  'request',
  '服务商返回了文档中没有的状态码，请查看服务商给出的原因。',
  'The provider answered a code its document does not list; see the reason it gave.',
);

export interface ResultCode {
  delivered: boolean;
  zh: string;
  en: string;
}

/** Receipt `resultcode`s (section 五). Only 100 is a delivery; 134 (no status) is final and unconfirmed, so not delivered. */
export const RESULT_CODES: Record<string, ResultCode> = {
  '100': { delivered: true, zh: '成功', en: 'Delivered' },
  '130': { delivered: false, zh: '失败', en: 'Failed' },
  '131': { delivered: false, zh: '空号', en: 'Number does not exist' },
  '132': { delivered: false, zh: '停机', en: 'Number suspended' },
  '133': { delivered: false, zh: '关机', en: 'Phone switched off' },
  '134': { delivered: false, zh: '无状态', en: 'No status reported' },
};
