// Management operations (sections 2, 4, 5): templates and signatures. Parameter names
// are the document's, case included (Content, SmsName, Remark, but Smstemplateid in
// SmsTemplateEdit and smstemplateid elsewhere). Values the document marks "需UTF-8编码"
// travel url-encoded, as "UTF8编码，接收后请解码" means for replies, whose example is
// percent-encoded.
import { z } from 'zod';
import { unparseable } from '../errors';
import type { Balance, Operation } from '../types';
import { localError } from './errors';
import { PATHS, byteLength, resultString, urlEncodeUtf8, type Answer } from './protocol';

export type Call = (path: string, params: Record<string, unknown>, signal?: AbortSignal) => Promise<Answer>;

/** Byte limits from the document's 最大长度（字节） column, counted as the value travels. */
const LIMITS = { content: 1000, remark: 200, smsName: 50, signname: 30, id: 50 } as const;

// ---- answers ---------------------------------------------------------------------

/**
 * GetSmsBalance's answer is not shown. We accept a number, a numeric string, or an object
 * (or object-like string such as the "{status:1}" style of SmsTemplateGet) holding exactly
 * one number; anything else is unparseable rather than a guessed balance.
 */
export function parseBalance(answer: Answer): Balance {
  const { result, raw } = answer;
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  const numbers = typeof result === 'number' ? [String(result)] : (text.match(/-?\d+(?:\.\d+)?/g) ?? []);
  if (numbers.length !== 1) throw unparseable('yunchuda', raw);
  return { unit: 'count', amount: Number(numbers[0]), raw: text };
}

export type TemplateState = 'pending' | 'approved' | 'rejected' | 'unknown';
const TEMPLATE_STATES: Record<string, TemplateState> = { '0': 'pending', '1': 'approved', '2': 'rejected' };

/** 4.2: result "{status:1}" (a string, key unquoted): 0 待审核, 1 审核通过, 2 审核失败. */
export function parseTemplateStatus(answer: Answer): { status: TemplateState; code: string; raw: string } {
  const { result, raw } = answer;
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  const m = /"?status"?\s*[:=]\s*"?(-?\d+)/i.exec(text);
  if (!m) throw unparseable('yunchuda', raw);
  return { status: TEMPLATE_STATES[m[1]] ?? 'unknown', code: m[1], raw: text };
}

export type SignatureState = 'waiting' | 'reviewing' | 'approved' | 'rejected' | 'unknown';
const SIGNATURE_STATES: Record<string, SignatureState> = { '-1': 'waiting', '0': 'reviewing', '1': 'approved', '2': 'rejected' };

export interface SignatureInfo {
  id: string;
  name: string;
  created: string;
  state: SignatureState;
  /** checkstate verbatim. */
  stateCode: string;
  /** checkresult: why it failed review. */
  reason: string;
}

/**
 * 5.2: result is a STRING holding a JSON array. The document prints it with typographic
 * quotes (“id”:”签名id”) and a full-width comma between two fields; we read real JSON,
 * and failing that the same text with those quotes and that comma straightened.
 */
export function parseSignatureList(answer: Answer): SignatureInfo[] {
  const { result, raw } = answer;
  const list = typeof result === 'string' ? parseLooseJson(result, raw) : result;
  if (!Array.isArray(list)) throw unparseable('yunchuda', raw);
  return list.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw unparseable('yunchuda', raw);
    const r = item as Record<string, unknown>;
    const str = (k: string): string => (r[k] === undefined || r[k] === null ? '' : String(r[k]));
    const stateCode = str('checkstate');
    return { id: str('id'), name: str('smsname'), created: str('created'), state: SIGNATURE_STATES[stateCode] ?? 'unknown', stateCode, reason: str('checkresult') };
  });
}

function parseLooseJson(text: string, raw: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const straight = text.replace(/[“”]/g, '"').replace(/"\s*，\s*"/g, '","');
    try {
      return JSON.parse(straight);
    } catch (err) {
      throw unparseable('yunchuda', raw, err);
    }
  }
}

// ---- parameter schemas -------------------------------------------------------------

// A lone surrogate cannot be url-encoded (encodeURIComponent throws): refuse it as a parameter error.
const encodedMax = (max: number) => (v: string) => !/\p{Cs}/u.test(v) && byteLength(urlEncodeUtf8(v)) <= max;
const PLACEHOLDER = /\{[^{}]+\}/;

const templateId = z.string().trim().min(1).max(LIMITS.id);
const remark = z
  .union([z.string(), z.record(z.string(), z.string())])
  .optional()
  .transform((v) => (v === undefined || typeof v === 'string' ? v : JSON.stringify(v)))
  .refine((v) => v === undefined || encodedMax(LIMITS.remark)(v), { message: `Remark: at most ${LIMITS.remark} bytes url-encoded` });
const content = z
  .string()
  .min(1)
  .refine(encodedMax(LIMITS.content), { message: `Content: at most ${LIMITS.content} bytes url-encoded` });

/** "当内容中有变量时，需添加变量示例": a template with {variables} needs its Remark. */
function requireRemark(v: { content: string; remark?: string }, ctx: z.RefinementCtx): void {
  if (PLACEHOLDER.test(v.content) && !v.remark) ctx.addIssue({ code: 'custom', path: ['remark'], message: 'a template with {variables} needs a remark giving example values' });
}

export const templateAddParams = z
  .object({
    content: content,
    /** Approved signature name; defaults to the account's. */
    signature: z.string().trim().min(1).refine((v) => byteLength(v) <= LIMITS.smsName).optional(),
    remark,
  })
  .superRefine(requireRemark);
export const templateIdParams = z.object({ templateId });
export const templateEditParams = z.object({ templateId, content, remark }).superRefine(requireRemark);
export const signatureApplyParams = z.object({
  name: z
    .string()
    .trim()
    .refine((v) => [...v].length >= 3, { message: 'a signature has at least 3 characters' })
    .refine((v) => byteLength(v) <= LIMITS.signname, { message: `a signature has at most ${LIMITS.signname} bytes (10 Chinese characters)` }),
});
export const signatureListParams = z.object({ signatureId: z.string().trim().min(1).max(LIMITS.id).optional() });
export const signatureIdParams = z.object({ signatureId: z.string().trim().min(1).max(LIMITS.id) });

// ---- operations ---------------------------------------------------------------------

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

export function operations(call: Call, accountSignature: string | undefined): Record<string, Operation> {
  const templateAdd: Operation<typeof templateAddParams> = {
    description: {
      zh: '创建短信模板（提交审核）。变量写作 {name}，有变量时需填写变量示例。返回模板 ID（TPCODE_…）。',
      en: 'Create an SMS template (sent for review). Variables are written {name}; give example values when there are any. Returns the template id (TPCODE_…).',
    },
    params: templateAddParams,
    async run(params, signal) {
      const p = templateAddParams.parse(params);
      const smsName = p.signature ?? accountSignature;
      if (!smsName) throw localError('SmsName missing', '请填写审核通过的短信签名（或在账户中设置签名）。', 'Give an approved signature (or set one on the account).');
      const answer = await call(
        PATHS.templateAdd,
        { Content: urlEncodeUtf8(p.content), SmsName: smsName, ...optional('Remark', p.remark === undefined ? undefined : urlEncodeUtf8(p.remark)) },
        signal,
      );
      return { templateId: resultString(answer.result, answer.raw) };
    },
  };
  const templateStatus: Operation<typeof templateIdParams> = {
    description: { zh: '查询模板审核状态（待审核 / 审核通过 / 审核失败）。', en: 'Get a template review status (pending / approved / rejected).' },
    params: templateIdParams,
    async run(params, signal) {
      const p = templateIdParams.parse(params);
      const answer = await call(PATHS.templateGet, { smstemplateid: p.templateId }, signal);
      return { templateId: p.templateId, ...parseTemplateStatus(answer) };
    },
  };
  const templateEdit: Operation<typeof templateEditParams> = {
    description: { zh: '修改模板内容（修改后需重新审核）。', en: 'Edit a template content (it goes back to review).' },
    params: templateEditParams,
    async run(params, signal) {
      const p = templateEditParams.parse(params);
      const answer = await call(
        PATHS.templateEdit,
        { Content: urlEncodeUtf8(p.content), Smstemplateid: p.templateId, ...optional('Remark', p.remark === undefined ? undefined : urlEncodeUtf8(p.remark)) },
        signal,
      );
      return { ok: true, raw: resultString(answer.result, answer.raw) };
    },
  };
  const templateDelete: Operation<typeof templateIdParams> = {
    description: { zh: '删除短信模板。', en: 'Delete an SMS template.' },
    params: templateIdParams,
    async run(params, signal) {
      const p = templateIdParams.parse(params);
      const answer = await call(PATHS.templateDel, { smstemplateid: p.templateId }, signal);
      return { ok: true, raw: resultString(answer.result, answer.raw) };
    },
  };
  const signatureApply: Operation<typeof signatureApplyParams> = {
    description: {
      zh: '申请短信签名（至少 3 个字，需为可识别的企业名、网站名、品牌名、小程序名或店铺名），提交审核。',
      en: 'Apply for an SMS signature (at least 3 characters: a recognisable company, site, brand, mini-program or shop name); it goes to review.',
    },
    params: signatureApplyParams,
    async run(params, signal) {
      const p = signatureApplyParams.parse(params);
      const answer = await call(PATHS.signatureCreate, { signname: p.name }, signal);
      return { ok: true, raw: resultString(answer.result, answer.raw) };
    },
  };
  const signatureList: Operation<typeof signatureListParams> = {
    description: { zh: '查询签名及审核状态（不填签名 ID 时返回全部）。', en: 'List signatures and their review state (all of them when no id is given).' },
    params: signatureListParams,
    async run(params, signal) {
      const p = signatureListParams.parse(params);
      const answer = await call(PATHS.signatureGet, optional('signid', p.signatureId), signal);
      return parseSignatureList(answer);
    },
  };
  const signatureDelete: Operation<typeof signatureIdParams> = {
    description: { zh: '删除短信签名。', en: 'Delete an SMS signature.' },
    params: signatureIdParams,
    async run(params, signal) {
      const p = signatureIdParams.parse(params);
      const answer = await call(PATHS.signatureDel, { signid: p.signatureId }, signal);
      return { ok: true, raw: resultString(answer.result, answer.raw) };
    },
  };
  return {
    'template-add': templateAdd,
    'template-status': templateStatus,
    'template-edit': templateEdit,
    'template-delete': templateDelete,
    'signature-apply': signatureApply,
    'signature-list': signatureList,
    'signature-delete': signatureDelete,
  };
}
