// Chapter 3 (overage), 4 (status reports) and 5 (replies): the queries, in the format
// the account chose.
import type { Balance, PullPage, ReceiptIn, ReplyIn } from '../types';
import type { EndpointChoice, ReportsChoice } from './capabilities';
import { FORMS, STATUS_PAGE } from './capabilities';
import { readOverageJson, readOverageXml, type Overage } from './answers';
import { readCallJson, readCallXml, readStatusJson, readStatusXml } from './reports';
import type { Wire } from './wire';

export function toBalance(o: Overage): Balance {
  return { unit: 'count', amount: o.overage, raw: `overage=${o.overageRaw} payinfo=${o.payinfo} sendTotal=${o.sendTotal}` };
}

/**
 * Balance through the account's endpoint family: smsJson.aspx and smsGBK.aspx answer in
 * their own format; ensms.ashx and WebService.asmx have no balance query, so sms.aspx.
 */
export async function queryBalance(wire: Wire, endpoint: EndpointChoice, signal?: AbortSignal): Promise<Balance> {
  if (endpoint === 'json') return toBalance(readOverageJson(await wire.postForm(FORMS.json, wire.auth('overage'), 'utf-8', signal)));
  if (endpoint === 'gbk') return toBalance(readOverageXml(await wire.postForm(FORMS.gbk, wire.auth('overage'), 'gb2312', signal)));
  return toBalance(readOverageXml(await wire.postForm(FORMS.sms, wire.auth('overage'), 'utf-8', signal)));
}

/** 3.1: "mms.aspx 彩信余额地址". */
export async function queryMmsBalance(wire: Wire, signal?: AbortSignal): Promise<Balance> {
  return toBalance(readOverageXml(await wire.postForm('mms.aspx', wire.auth('overage'), 'utf-8', signal)));
}

/** One status pull; `taskid` narrows it to one batch ("可选项"). */
export async function pullStatus(wire: Wire, format: ReportsChoice, opts: { statusNum?: number; taskid?: string } = {}, signal?: AbortSignal): Promise<PullPage<ReceiptIn>> {
  const statusNum = opts.statusNum ?? STATUS_PAGE;
  const params = { ...wire.auth('query'), statusNum: String(statusNum), taskid: opts.taskid };
  if (format === 'json') return readStatusJson(await wire.postForm('statusJsonApi.aspx', params, 'utf-8', signal), statusNum);
  return readStatusXml(await wire.postForm('statusApi.aspx', params, 'utf-8', signal), statusNum);
}

/**
 * One reply pull. 5.2 documents no page size parameter; a page of 1000 (statusNum's
 * default) is assumed for `more`, so a larger answer simply triggers one more call.
 */
export async function pullCalls(wire: Wire, format: ReportsChoice, signal?: AbortSignal): Promise<PullPage<ReplyIn>> {
  const params = wire.auth('query');
  if (format === 'json') return readCallJson(await wire.postForm('callJsonApi.aspx', params, 'utf-8', signal), STATUS_PAGE);
  return readCallXml(await wire.postForm('callApi.aspx', params, 'utf-8', signal), STATUS_PAGE);
}
