// The simulated platform's answers, in the document's formats.
import { encodeText } from '../../../src/main/providers/util';
import type { GatewayReply } from '../harness';
import { CODES } from './codes';

export function esc(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** An XML reply; smsGBK.aspx answers in GB2312 and declares it. */
export function xmlReply(inner: string, charset: 'utf-8' | 'gb2312' = 'utf-8'): GatewayReply {
  const text = `<?xml version="1.0" encoding="${charset}" ?>\r\n<returnsms>\r\n${inner}</returnsms>`;
  return { contentType: `text/xml; charset=${charset}`, body: charset === 'utf-8' ? text : encodeText(text, 'gb2312') };
}

export function jsonReply(value: unknown): GatewayReply {
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

function tags(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<${k}>${esc(v)}</${k}>\r\n`)
    .join('');
}

/** 1.3 / 1.4 answer. */
export interface SendResultFields {
  ok: boolean;
  message: string;
  remainpoint: number;
  taskID: string;
  successCounts: number;
}

export function sendXml(r: SendResultFields, charset: 'utf-8' | 'gb2312' = 'utf-8'): GatewayReply {
  return xmlReply(
    tags({ returnstatus: r.ok ? 'Success' : 'Fail', message: r.message, remainpoint: String(r.remainpoint), taskID: r.taskID, successCounts: String(r.successCounts) }),
    charset,
  );
}

export function sendJson(r: SendResultFields): GatewayReply {
  return jsonReply({ returnstatus: r.ok ? 'Success' : 'Fail', message: r.message, remainpoint: String(r.remainpoint), taskID: r.taskID, successCounts: String(r.successCounts) });
}

/** 3.3 (XML: success spelled "Sucess" as the document writes it) / 3.4 (JSON: "Success"). */
export interface OverageFields {
  ok: boolean;
  message: string;
  payinfo: string;
  overage: number;
  sendTotal: number;
}

export function overageXml(r: OverageFields, charset: 'utf-8' | 'gb2312' = 'utf-8'): GatewayReply {
  return xmlReply(tags({ returnstatus: r.ok ? 'Sucess' : 'Fail', message: r.message, payinfo: r.payinfo, overage: String(r.overage), sendTotal: String(r.sendTotal) }), charset);
}

export function overageJson(r: OverageFields): GatewayReply {
  return jsonReply({ returnstatus: r.ok ? 'Success' : 'Fail', message: r.message, payinfo: r.payinfo, overage: String(r.overage), sendTotal: String(r.sendTotal) });
}

export function statusOnlyXml(ok: boolean, message: string): GatewayReply {
  return xmlReply(tags({ returnstatus: ok ? 'Success' : 'Fail', message }));
}

/** 4.4 / 5.4. */
export function errorStatusXml(code: string, remark: string): GatewayReply {
  return xmlReply(`<errorstatus>\r\n<error>${esc(code)}</error>\r\n<remark>${esc(remark)}</remark>\r\n</errorstatus>\r\n`);
}

export interface StatusItem {
  mobile: string;
  taskid: string;
  /** '10' delivered, '20' failed. */
  status: string;
  receivetime: string;
  errorcode: string;
  extno: string;
}

export interface CallItem {
  mobile: string;
  content: string;
  receivetime: string;
  extno: string;
}

export function statusBoxes(items: readonly StatusItem[]): string {
  return items.map((i) => `<statusbox>\r\n${tags({ mobile: i.mobile, taskid: i.taskid, status: i.status, receivetime: i.receivetime, errorcode: i.errorcode, extno: i.extno })}</statusbox>\r\n`).join('');
}

export function callBoxes(items: readonly CallItem[]): string {
  return items.map((i) => `<callbox>\r\n${tags({ mobile: i.mobile, content: i.content, receivetime: i.receivetime, extno: i.extno })}</callbox>\r\n`).join('');
}

/** 1.5's answer. */
export function ensmsReply(code: string, fields: { msgId?: string; amount?: number; successCounts?: number; errors?: string[] } = {}): GatewayReply {
  return jsonReply({
    StatusCode: Number(code),
    Description: CODES[code]?.text ?? '',
    MsgId: fields.msgId ?? '',
    Amount: fields.amount ?? 0,
    SuccessCounts: fields.successCounts ?? 0,
    Errors: fields.errors ?? [],
  });
}

/** Chapter 9's answers: string StatusCode, "Faild" on failure as the document writes it. */
export function templateReply(code: string, extra: Record<string, unknown> = {}): GatewayReply {
  return jsonReply({ Status: code === '1' ? 'Success' : 'Faild', StatusCode: code, Description: CODES[code]?.text ?? '', ...extra });
}

/** Chapter 8's SendResult inside a SOAP 1.1 response. */
export function soapReply(
  code: string,
  fields: { msgId?: string; amount?: number; successCounts?: number; billingCount?: number; errors?: string[] } = {},
  namespace = 'http://tempuri.org/',
): GatewayReply {
  const errors = (fields.errors ?? []).map((e) => `<string>${esc(e)}</string>`).join('');
  const body =
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    `<soap:Body><SendSmsResponse xmlns="${esc(namespace)}"><SendSmsResult>` +
    `<StatusCode>${esc(CODES[code]?.name ?? code)}</StatusCode>` +
    `<Description>${esc(CODES[code]?.text ?? '')}</Description>` +
    `<MsgId>${esc(fields.msgId ?? '')}</MsgId>` +
    `<Amount>${fields.amount ?? 0}</Amount>` +
    `<SuccessCounts>${fields.successCounts ?? 0}</SuccessCounts>` +
    `<BillingCount>${fields.billingCount ?? 0}</BillingCount>` +
    (errors ? `<Errors>${errors}</Errors>` : '<Errors />') +
    '</SendSmsResult></SendSmsResponse></soap:Body></soap:Envelope>';
  return { contentType: 'text/xml; charset=utf-8', body };
}
