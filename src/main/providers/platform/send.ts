// Sending one submission through the form the planner chose. Never retries: each call
// is one HTTP request (or none, when every recipient is refused locally).
import type { MessageOutcome, OutboundMessage, SendContext, SendOutcome, Submission } from '../types';
import { ProviderError, info } from '../errors';
import { beijingTime } from '../util';
import { localError, RESULT_CODES } from './codes';
import { FORMS } from './capabilities';
import { readEnsms, readSendJson, readSendXml, type SendAnswer } from './answers';
import { batchContent } from './batch';
import { ensmsJson, text64 } from './ensms';
import { readSoapResult, soapAction, soapEnvelope } from './soap';
import type { Wire } from './wire';

/** Mainland mobile numbers: what the platform can deliver to (1108 MsisdnError otherwise). */
export const MOBILE = /^1[3-9]\d{9}$/;
/** "子号只能为数字，且最多5位数". */
export const EXTNO = /^\d{0,5}$/;

export interface SendDeps {
  wire: Wire;
  now: () => Date;
}

function rejected(m: OutboundMessage, code: string, text: string): MessageOutcome {
  return { ref: m.ref, status: 'rejected', error: { code, text } };
}

/**
 * Recipients named in an answer's Errors list. Its shape is not documented ("相关的错误描述"):
 * strings are searched for the request's numbers, objects for a field equal to one.
 */
export function refusedInErrors(errors: unknown[], mobiles: ReadonlySet<string>): Map<string, { code: string; text: string }> {
  const out = new Map<string, { code: string; text: string }>();
  const codeIn = (s: string): string => Object.keys(RESULT_CODES).find((c) => new RegExp(`(^|\\D)${c}(\\D|$)`).test(s) || s.includes(RESULT_CODES[c].text)) ?? '';
  for (const e of errors) {
    if (typeof e === 'string') {
      for (const mobile of e.match(/\d{11}/g) ?? []) if (mobiles.has(mobile)) out.set(mobile, { code: codeIn(e), text: e });
    } else if (typeof e === 'object' && e !== null) {
      const o = e as Record<string, unknown>;
      const values = Object.values(o).map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : ''));
      const mobile = values.find((v) => mobiles.has(v));
      if (!mobile) continue;
      const pick = (...keys: string[]): string => {
        const k = Object.keys(o).find((key) => keys.includes(key.toLowerCase()));
        return k === undefined ? '' : String(o[k]);
      };
      out.set(mobile, { code: pick('statuscode', 'code', 'errorcode', 'error'), text: pick('description', 'message', 'remark', 'text') || JSON.stringify(o) });
    }
  }
  return out;
}

function outcome(
  valid: OutboundMessage[],
  invalid: MessageOutcome[],
  batchId: string | null,
  balance: number | undefined,
  refused: Map<string, { code: string; text: string }> = new Map(),
): SendOutcome {
  const messages: MessageOutcome[] = valid.map((m) => {
    const r = refused.get(m.mobile);
    return r ? rejected(m, r.code, r.text) : { ref: m.ref, status: 'submitted' };
  });
  return { providerBatchId: batchId, messages: [...messages, ...invalid], ...(balance === undefined ? {} : { balance }) };
}

/** An accepted answer claiming nothing went out: every recipient is refused with its text. */
function noneAccepted(valid: OutboundMessage[], invalid: MessageOutcome[], a: SendAnswer): SendOutcome {
  return {
    providerBatchId: a.taskId,
    messages: [...valid.map((m) => rejected(m, '', a.message || 'successCounts=0')), ...invalid],
    ...(a.remainpoint === undefined ? {} : { balance: a.remainpoint }),
  };
}

/** Outcomes in the submission's own order, whatever order they were decided in. */
function inOrder(messages: readonly OutboundMessage[], out: SendOutcome): SendOutcome {
  const byRef = new Map(out.messages.map((m) => [m.ref, m]));
  return { ...out, messages: messages.map((m) => byRef.get(m.ref) ?? { ref: m.ref, status: 'submitted' }) };
}

export async function sendSubmission(deps: SendDeps, submission: Submission, ctx: SendContext, signal?: AbortSignal): Promise<SendOutcome> {
  return inOrder(submission.messages, await sendOnce(deps, submission, ctx, signal));
}

async function sendOnce(deps: SendDeps, submission: Submission, ctx: SendContext, signal?: AbortSignal): Promise<SendOutcome> {
  const { wire } = deps;
  const extno = ctx.extno ?? '';
  if (!EXTNO.test(extno)) throw localError('1104');
  const invalidText = RESULT_CODES['1108'].text;
  const valid = submission.messages.filter((m) => MOBILE.test(m.mobile));
  const invalid = submission.messages.filter((m) => !MOBILE.test(m.mobile)).map((m) => rejected(m, '1108', invalidText));
  if (valid.length === 0) return { providerBatchId: null, messages: invalid };
  const sendTime = ctx.sendAt ?? '';
  const mobiles = valid.map((m) => m.mobile);
  const sameText = (): string => {
    const text = valid[0].text;
    if (valid.some((m) => m.text !== text)) {
      throw new ProviderError('platform', '', submission.form, info('request', '内部错误：同一请求中的短信内容不一致。', 'Internal error: one same-text request holds different texts.'));
    }
    return text;
  };
  const xmlOrJson = (a: SendAnswer): SendOutcome => (a.successCounts === 0 ? noneAccepted(valid, invalid, a) : outcome(valid, invalid, a.taskId, a.remainpoint));

  switch (submission.form) {
    case FORMS.sms:
    case FORMS.json:
    case FORMS.gbk: {
      const params = { ...wire.auth('send'), mobile: mobiles.join(','), content: sameText(), sendTime, extno };
      const body = await wire.postForm(submission.form, params, submission.form === FORMS.gbk ? 'gb2312' : 'utf-8', signal);
      return xmlOrJson(submission.form === FORMS.json ? readSendJson(body) : readSendXml(body));
    }
    case FORMS.batch: {
      // "action" is not in 1.6.2's table; it is sent anyway (harmless if ignored, needed if not).
      const params = { ...wire.auth('send'), content: batchContent(valid), sendTime, extno };
      return xmlOrJson(readSendXml(await wire.postForm(FORMS.batch, params, 'utf-8', signal)));
    }
    case FORMS.ensms: {
      const userid = wire.account.userid ?? '';
      if (!/^\d+$/.test(userid)) throw localError('1008');
      const json = ensmsJson({
        username: wire.account.username,
        password: wire.plainPassword(),
        stamp: beijingTime(deps.now(), 'MMddHHmmss'),
        mobiles,
        text: sameText(),
        ext: extno,
        sendTime,
      });
      const a = readEnsms(await wire.postForm(FORMS.ensms, { UserId: userid, Text64: text64(json, wire.plainPassword()) }, 'utf-8', signal));
      if (a.successCounts === 0) {
        return { providerBatchId: a.msgId, messages: [...valid.map((m) => rejected(m, '', 'SuccessCounts=0')), ...invalid], ...(a.amount === undefined ? {} : { balance: a.amount }) };
      }
      return outcome(valid, invalid, a.msgId, a.amount, refusedInErrors(a.errors, new Set(mobiles)));
    }
    case FORMS.soap: {
      const envelope = soapEnvelope({ userName: wire.account.username, password: wire.plainPassword(), mobiles, content: sameText(), sendAt: ctx.sendAt, extno });
      const body = await wire.postRaw(FORMS.soap, envelope, 'text/xml; charset=utf-8', signal, { SOAPAction: soapAction() });
      const r = readSoapResult(body.toString('utf8'));
      return outcome(valid, invalid, r.msgId || null, r.amount, refusedInErrors(r.errors, new Set(mobiles)));
    }
    default:
      throw new ProviderError('platform', '', submission.form, info('request', `内部错误：未知的发送方式 ${submission.form}。`, `Internal error: unknown submission form ${submission.form}.`));
  }
}
