// What the platform (white-label sms.aspx) document allows, as the planner, the
// preflight and the UI read it. Where the document is silent the value is a
// conservative choice, explained in docs/providers/platform.md.
import type { Capabilities } from '../../../shared/providers';

/** The API host. The document's "http:// 47.92.214.24：8080" is the web console, not the API. */
export const DEFAULT_BASE_URL = 'http://47.92.214.24';

/** Not documented: numbers per same-text request (sms.aspx family, ensms, SOAP). */
export const MAX_MOBILES_PER_REQUEST = 1000;
/** Not documented: lines per BatchSms.ashx request. */
export const MAX_BATCH_ITEMS = 500;
/** statusNum: "必须为数字，默认1000". */
export const STATUS_PAGE = 1000;
/** Not documented: least time between two pulls of the same kind. */
export const PULL_INTERVAL_MS = 60_000;
/** Not documented (only 2105 ContentLong exists): longest text, signature included. */
export const MAX_CHARS = 350;

/** The account option choosing the endpoint for same-text sends (and balance). */
export const ENDPOINT_OPTION = 'endpoint';
export type EndpointChoice = 'sms' | 'json' | 'gbk' | 'ensms' | 'soap';
/** The account option choosing XML or JSON pulls. */
export const REPORTS_OPTION = 'reports';
export type ReportsChoice = 'xml' | 'json';

/** Submission forms are named after the path they are sent to. */
export const FORMS = {
  sms: 'sms.aspx',
  json: 'smsJson.aspx',
  gbk: 'smsGBK.aspx',
  ensms: 'ensms.ashx',
  soap: 'WebService.asmx',
  batch: 'BatchSms.ashx',
} as const;
export type Form = (typeof FORMS)[keyof typeof FORMS];

export const capabilities: Capabilities = {
  provider: 'platform',
  label: { zh: '短信平台（sms.aspx 通用接口）', en: 'SMS platform (white-label sms.aspx)' },
  charset: 'utf-8',
  defaultBaseUrl: DEFAULT_BASE_URL,
  fields: [
    { key: 'username', label: { zh: '账号（account）', en: 'Account' }, required: true, secret: false },
    { key: 'password', label: { zh: '密码', en: 'Password' }, required: true, secret: true },
    // "企业ID(不验证)" on sms.aspx, but ensms.ashx needs the numeric id (1008 UserIdError).
    { key: 'userid', label: { zh: '企业ID（userid，加密接口必填）', en: 'Enterprise id (userid, required by the encrypted endpoint)' }, required: false, secret: false },
  ],
  pushCredentials: [],
  options: [
    {
      key: ENDPOINT_OPTION,
      label: { zh: '发送接口', en: 'Send endpoint' },
      choices: [
        { value: 'sms', label: { zh: 'sms.aspx（UTF-8，XML 应答）', en: 'sms.aspx (UTF-8, XML answers)' } },
        { value: 'json', label: { zh: 'smsJson.aspx（UTF-8，JSON 应答）', en: 'smsJson.aspx (UTF-8, JSON answers)' } },
        { value: 'gbk', label: { zh: 'smsGBK.aspx（GB2312）', en: 'smsGBK.aspx (GB2312)' } },
        { value: 'ensms', label: { zh: 'ensms.ashx（DES 加密传输，需企业ID）', en: 'ensms.ashx (DES-encrypted, needs the enterprise id)' } },
        { value: 'soap', label: { zh: 'WebService.asmx（SOAP）', en: 'WebService.asmx (SOAP)' } },
      ],
      default: 'sms',
    },
    {
      key: REPORTS_OPTION,
      label: { zh: '状态报告与上行查询格式', en: 'Receipt and reply pull format' },
      choices: [
        { value: 'xml', label: { zh: 'XML（statusApi.aspx / callApi.aspx）', en: 'XML (statusApi.aspx / callApi.aspx)' } },
        { value: 'json', label: { zh: 'JSON（statusJsonApi.aspx / callJsonApi.aspx）', en: 'JSON (statusJsonApi.aspx / callJsonApi.aspx)' } },
      ],
      default: 'xml',
    },
  ],
  send: {
    maxMobilesPerRequest: MAX_MOBILES_PER_REQUEST,
    personalised: {
      form: FORMS.batch,
      maxItems: MAX_BATCH_ITEMS,
      maxMobilesPerItem: 1,
      uniqueMobiles: true,
      // Line breaks inside a text are rewritten (CRLF/CR → LF), never forbidden: see batch.ts.
      forbiddenValueChars: '',
    },
    contentMode: 'free-text',
    nativePlaceholder: '@',
    maxChars: MAX_CHARS,
    scheduled: true,
    extnoMaxDigits: 5,
  },
  segments: { single: 70, multi: 67 },
  signature: { placement: 'content', required: true, minChars: 3, maxChars: 8 },
  // The document states no opt-out rule; the platform refuses nothing for lacking one.
  marketingSuffix: { text: '回T退订', requiredFor: [] },
  receipts: { pull: { maxPerCall: STATUS_PAGE, minIntervalMs: PULL_INTERVAL_MS }, push: true },
  replies: { pull: { maxPerCall: STATUS_PAGE, minIntervalMs: PULL_INTERVAL_MS }, push: true },
  balanceUnit: 'count',
  sendRecords: false,
  frequency: { perNumberPerDay: 10, verificationPer3Minutes: 3 },
};
