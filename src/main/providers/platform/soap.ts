// Chapter 8: WebService.asmx, method SendSms(userName, password, sms: SmsObject), SOAP 1.1.
// The document gives no XML namespace; ASP.NET's default http://tempuri.org/ is used
// unless the caller names another.
import { unparseable, ProviderError, info } from '../errors';
import { resultCodeError } from './codes';
import { toNumber } from './answers';
import { child, childText, escapeXml, localName, parseXml, type XmlElement } from './xml';

export const SOAP_NAMESPACE = 'http://tempuri.org/';

export interface SoapSms {
  userName: string;
  password: string;
  mobiles: string[];
  content: string;
  /** 'YYYY-MM-DD HH:mm:ss' Beijing, or undefined for now. */
  sendAt?: string;
  extno?: string;
}

/** PlanSendTime is written 2018-02-02T09:08:10. */
export function planSendTime(sendAt: string): string {
  return sendAt.trim().replace(' ', 'T');
}

export function soapEnvelope(sms: SoapSms, namespace = SOAP_NAMESPACE): string {
  // An immediate send leaves PlanSendTime out: an empty xsd:dateTime would not deserialise.
  const plan = sms.sendAt ? `<PlanSendTime>${escapeXml(planSendTime(sms.sendAt))}</PlanSendTime>` : '';
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
    '<soap:Body>' +
    `<SendSms xmlns="${escapeXml(namespace)}">` +
    `<userName>${escapeXml(sms.userName)}</userName>` +
    `<password>${escapeXml(sms.password)}</password>` +
    '<sms>' +
    `<Msisdns>${escapeXml(sms.mobiles.join(','))}</Msisdns>` +
    `<SMSContent>${escapeXml(sms.content)}</SMSContent>` +
    plan +
    `<ExtNumber>${escapeXml(sms.extno ?? '')}</ExtNumber>` +
    '</sms>' +
    '</SendSms>' +
    '</soap:Body>' +
    '</soap:Envelope>'
  );
}

export function soapAction(namespace = SOAP_NAMESPACE): string {
  return `"${namespace.endsWith('/') ? namespace : namespace + '/'}SendSms"`;
}

export interface SendResult {
  statusCode: string;
  description: string;
  msgId: string;
  amount?: number;
  successCounts?: number;
  billingCount?: number;
  /** The Errors element's text items, as written. */
  errors: string[];
}

function bodyOf(root: XmlElement, text: string): XmlElement {
  if (localName(root.name) !== 'Envelope') throw unparseable('platform', text);
  const body = child(root, 'Body');
  if (!body) throw unparseable('platform', text);
  return body;
}

/** Reads SendSmsResponse/SendSmsResult; StatusCode "OK" is success, any other is a chapter 10 name. */
export function readSoapResult(text: string): SendResult {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    throw unparseable('platform', text, err);
  }
  const body = bodyOf(root, text);
  const fault = child(body, 'Fault');
  if (fault) {
    // A fault says the call failed inside the server: it may or may not have stored the task.
    throw new ProviderError('platform', childText(fault, 'faultcode') ?? 'Fault', childText(fault, 'faultstring') ?? '', info('unknown', 'WebService 调用出错，无法确定是否已接收。请在服务商后台核对后再决定是否重发。', 'The web service call failed; whether it accepted the request is unknown. Check the provider console before resending.'));
  }
  const result = child(child(body, 'SendSmsResponse') ?? body, 'SendSmsResult');
  if (!result) throw unparseable('platform', text);
  const statusCode = childText(result, 'StatusCode') ?? '';
  const description = childText(result, 'Description') ?? '';
  if (statusCode === '') throw unparseable('platform', text);
  if (statusCode !== 'OK' && statusCode !== '1') throw resultCodeError(statusCode, description);
  const errorsEl = child(result, 'Errors');
  const errors = errorsEl ? (errorsEl.children.length ? errorsEl.children.map((c) => c.text.trim()) : errorsEl.text.trim() ? [errorsEl.text.trim()] : []) : [];
  return {
    statusCode,
    description,
    msgId: childText(result, 'MsgId') ?? '',
    amount: toNumber(childText(result, 'Amount')),
    successCounts: toNumber(childText(result, 'SuccessCounts')),
    billingCount: toNumber(childText(result, 'BillingCount')),
    errors,
  };
}
