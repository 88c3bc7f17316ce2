// What the smscn document allows, for the planner, the preflight and the account UI.
// Where the document is silent the value is a conservative choice, explained in
// docs/providers/smscn.md ("Chosen where the document is silent").
import type { Capabilities } from '../../../shared/providers';

/** Numbers per request: the document sets no figure (only code 106 号码过多), so a conservative cap. */
export const MAX_MOBILES_PER_REQUEST = 100;
/** Records per call: section 七 says 50 for send records; section 五 gives none for status, so the same. */
export const PAGE_SIZE = 50;
/** Least time between two pulls: the document is silent; 30 s keeps well clear of 107 频率过快. */
export const PULL_INTERVAL_MS = 30_000;

export const CAPABILITIES: Capabilities = {
  provider: 'smscn',
  label: { zh: '云信 (sms.cn)', en: 'sms.cn (Yunxin)' },
  // The documented default; the `encode` option switches requests to GBK (section 二).
  charset: 'utf-8',
  // The document recommends HTTPS (section 一).
  defaultBaseUrl: 'https://api.sms.cn',
  fields: [
    { key: 'username', label: { zh: '用户名 (uid)', en: 'User name (uid)' }, required: true, secret: false },
    {
      key: 'password',
      label: { zh: '登录密码或接口密码（密码验证方式）', en: 'Login or interface password (password modes)' },
      required: false,
      secret: true,
    },
    {
      key: 'secret',
      label: { zh: 'secretkey（签名验证方式）', en: 'secretkey (signature mode)' },
      required: false,
      secret: true,
    },
  ],
  pushCredentials: [],
  options: [
    {
      key: 'auth',
      label: { zh: '验证方式', en: 'Authentication' },
      choices: [
        { value: 'pwd', label: { zh: '登录密码（自动计算 md5(密码+用户名)）', en: 'Login password (md5(password + uid) computed)' } },
        { value: 'pwd-md5', label: { zh: '接口密码（平台“短信设置→接口密码”中的 32 位值）', en: 'Interface password (32-character value from the console)' } },
        { value: 'tokenkey', label: { zh: 'secret 签名验证（推荐）', en: 'secretkey signature (tokenkey, recommended)' } },
      ],
      default: 'pwd',
    },
    {
      key: 'format',
      label: { zh: '应答格式', en: 'Answer format' },
      choices: [
        { value: 'json', label: { zh: 'JSON（默认）', en: 'JSON (default)' } },
        { value: 'xml', label: { zh: 'XML', en: 'XML' } },
        { value: 'txt', label: { zh: '纯文本（仅发送和余额）', en: 'Plain text (send and balance only)' } },
      ],
      default: 'json',
    },
    {
      key: 'encode',
      label: { zh: '提交编码', en: 'Request charset' },
      choices: [
        { value: 'utf-8', label: { zh: 'UTF-8（默认）', en: 'UTF-8 (default)' } },
        { value: 'gbk', label: { zh: 'GBK（encode=gbk）', en: 'GBK (encode=gbk)' } },
      ],
      default: 'utf-8',
    },
    {
      key: 'endpoint',
      label: { zh: '接口', en: 'Endpoint' },
      choices: [
        { value: 'voice-send', label: { zh: '/voice/ ac=send（参数表）', en: '/voice/ ac=send (parameter table)' } },
        { value: 'voice-sendcode', label: { zh: '/voice/ ac=sendcode（文档示例）', en: '/voice/ ac=sendcode (document examples)' } },
        { value: 'sms-send', label: { zh: '/sms/ ac=send（文本短信接口，本文档未描述）', en: '/sms/ ac=send (text-SMS endpoint, not in this document)' } },
      ],
      default: 'voice-send',
    },
  ],
  send: {
    maxMobilesPerRequest: MAX_MOBILES_PER_REQUEST,
    // One `content` (one set of variable values) per request: no personalised batch.
    personalised: null,
    contentMode: 'provider-template',
    nativePlaceholder: '{$name}',
    // Silent in the document (only 105 内容过多); the provider's approved template decides in practice.
    maxChars: 300,
    scheduled: false,
    extnoMaxDigits: null,
  },
  // Silent in the document: the usual mainland billing, 70 characters single, 67 per part.
  segments: { single: 70, multi: 67 },
  // The template is approved by the provider with its 【签名】; no signature parameter exists.
  signature: { placement: 'provider-template', required: false, minChars: null, maxChars: null },
  // Silent in the document; the suffix, if any, is part of the approved template.
  marketingSuffix: { text: '回T退订', requiredFor: [] },
  receipts: { pull: { maxPerCall: PAGE_SIZE, minIntervalMs: PULL_INTERVAL_MS }, push: false },
  // The document offers no replies (上行) at all.
  replies: { pull: null, push: false },
  // ac=number: 剩余短信条数.
  balanceUnit: 'count',
  sendRecords: true,
  // 151/152 are limits the account owner sets, not per-number limits the document states.
  frequency: { perNumberPerDay: null, verificationPer3Minutes: null },
};
