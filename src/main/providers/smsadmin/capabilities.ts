// smsadmin (通用短信平台, smsadmin.cn) capabilities, read from the 1.0.5 HTTP document.
// Where the document is silent the value is a conservative choice, listed in
// docs/providers/smsadmin.md.
import type { Capabilities } from '../../../shared/providers';

/** Account option keys and their values. */
export const OPTION_ENDPOINT = 'endpoint';
export const OPTION_METHOD = 'method';
export const OPTION_REPLY_FORMAT = 'replyFormat';

export type EndpointVariant = 'md5' | 'plain' | 'urldecode';
export type SendMethod = 'post' | 'get';
export type ReplyFormat = 'urlencode' | 'plain';

/** 3. POST 方式提交短信: 支持最多手机号 1000 个. */
export const POST_MAX_MOBILES = 1000;
/** 2. GET 方式提交短信: 每次支持最多手机号 100 个. */
export const GET_MAX_MOBILES = 100;
/** 4. 点点通: 单次提交参数组的数目不能超过 1000 个. */
export const DDT_MAX_GROUPS = 1000;
/** 7./8.: 最多返回 20 条, 轮询间隔 5 秒. */
export const PULL_LIMITS = { maxPerCall: 20, minIntervalMs: 5000 } as const;

/**
 * Characters a merged value cannot contain in 点点通 params: ',' separates values and ';'
 * separates groups, and the document offers no escape (the server url-decodes params
 * before splitting, as far as the document tells).
 */
export const DDT_FORBIDDEN_VALUE_CHARS = ',;';

export const capabilities: Capabilities = {
  provider: 'smsadmin',
  label: { zh: '通用短信平台 (smsadmin.cn)', en: 'smsadmin.cn general SMS platform' },
  charset: 'gb2312',
  defaultBaseUrl: 'http://www.smsadmin.cn',
  fields: [
    { key: 'username', label: { zh: '用户 ID', en: 'User ID (uid)' }, required: true, secret: false },
    { key: 'password', label: { zh: '密码', en: 'Password' }, required: true, secret: true },
  ],
  pushCredentials: [],
  options: [
    {
      key: OPTION_ENDPOINT,
      label: { zh: '提交接口', en: 'Send endpoint' },
      choices: [
        { value: 'md5', label: { zh: 'MD5 方式（密码以 MD5 32 位小写提交，推荐）', en: 'MD5 (password sent as lower-case MD5, recommended)' } },
        { value: 'plain', label: { zh: '普通方式（密码明文提交）', en: 'Plain (password sent as typed)' } },
        { value: 'urldecode', label: { zh: 'URL 编码方式（内容含换行、空格等特殊字符时使用）', en: 'URL-encoded (for content with line breaks, spaces...)' } },
      ],
      default: 'md5',
    },
    {
      key: OPTION_METHOD,
      label: { zh: '提交方式', en: 'Send method' },
      choices: [
        { value: 'post', label: { zh: 'POST（每次最多 1000 个号码，可用点点通个性化发送）', en: 'POST (1000 numbers per request, personalised 点点通 available)' } },
        { value: 'get', label: { zh: 'GET（每次最多 100 个号码，仅同内容群发）', en: 'GET (100 numbers per request, same text only)' } },
      ],
      default: 'post',
    },
    {
      key: OPTION_REPLY_FORMAT,
      label: { zh: '回复获取方式', en: 'Reply pull format' },
      choices: [
        { value: 'urlencode', label: { zh: 'URL 编码（回复内容可含换行和 /，推荐）', en: 'URL-encoded (replies may contain line breaks and /, recommended)' } },
        { value: 'plain', label: { zh: '普通方式', en: 'Plain' } },
      ],
      default: 'urlencode',
    },
  ],
  send: {
    maxMobilesPerRequest: POST_MAX_MOBILES,
    personalised: {
      form: 'post_send_ddt',
      maxItems: DDT_MAX_GROUPS,
      maxMobilesPerItem: 1,
      // 1.0.3: 单次提交中若有重复手机号码，接口将自动过滤删除重复手机号码.
      uniqueMobiles: true,
      forbiddenValueChars: DDT_FORBIDDEN_VALUE_CHARS,
    },
    contentMode: 'free-text',
    nativePlaceholder: '{value0}',
    // Not stated: the limit is per channel and only known from answer 7 (超过 XX 个字).
    maxChars: 300,
    scheduled: true,
    extnoMaxDigits: null,
  },
  // Not stated: the usual 70 / 67 split of the Chinese carriers.
  segments: { single: 70, multi: 67 },
  // The 点点通 example template ends with 【签名内容】: the signature travels in the content.
  signature: { placement: 'content', required: true, minChars: null, maxChars: null },
  // Not stated: the customary suffix; the document names no refusal without it.
  marketingSuffix: { text: '拒收请回复R', requiredFor: [] },
  receipts: { pull: { ...PULL_LIMITS }, push: true },
  replies: { pull: { ...PULL_LIMITS }, push: true },
  // 剩余资费 (remaining fee): money.
  balanceUnit: 'money',
  sendRecords: false,
  frequency: { perNumberPerDay: null, verificationPer3Minutes: null },
};

/** The capabilities one account actually has: GET accounts send 100 per request and never use 点点通 (POST only). */
export function capabilitiesFor(method: SendMethod): Capabilities {
  if (method === 'post') return capabilities;
  return { ...capabilities, send: { ...capabilities.send, maxMobilesPerRequest: GET_MAX_MOBILES, personalised: null } };
}
