// Building smsadmin requests: endpoint URLs, the variant chosen by the account, and
// parameter values in the form each endpoint documents.
import { joinUrl, md5, percentEncode } from '../util';
import type { EndpointVariant } from './capabilities';
import type { PlainForm } from './plan';

/** Every documented address lives under this path of the host. */
const API_PATH = 'smsmarketing/wwwroot/api/';

/**
 * The documented address of an endpoint ("post_send" → …/api/post_send/). A base URL the
 * user copied from the document with the API path already in it is accepted as is.
 */
export function endpointUrl(baseUrl: string, endpoint: string): string {
  const base = /\/smsmarketing\/wwwroot\/api\/?$/i.test(baseUrl) ? baseUrl : joinUrl(baseUrl, API_PATH);
  return joinUrl(base, `${endpoint}/`);
}

/** get_send / get_send_md5 / get_send_urldecode and the same for post_send. */
export function sendEndpoint(form: PlainForm, variant: EndpointVariant): string {
  return variant === 'plain' ? form : `${form}_${variant}`;
}

/** user_info, or user_info_urldecode for accounts on the url-encoded variant. */
export function balanceEndpoint(variant: EndpointVariant): string {
  return variant === 'urldecode' ? 'user_info_urldecode' : 'user_info';
}

/**
 * "参数 … 的值进行 url 编码": the value itself is the url-encoded text (GB2312 bytes), which the
 * endpoint url-decodes after the usual form decoding; on the wire it is therefore encoded
 * twice. This keeps '+', '%', spaces and line breaks intact whatever the server does.
 */
export function urlEncodedValue(value: string): string {
  return percentEncode(value, 'gb2312');
}

export interface Credentials {
  uid: string;
  pwd: string;
}

/** 2./3.: pwd as typed, or md5 32 lower on the _md5 endpoints; uid url-encoded on post_send_urldecode. */
export function sendCredentials(form: PlainForm, variant: EndpointVariant, username: string, password: string): Credentials {
  const pwd = variant === 'md5' ? md5(password, 'lower') : password;
  const uid = variant === 'urldecode' && form === 'post_send' ? urlEncodedValue(username) : username;
  return { uid, pwd };
}

export interface SendFields {
  mobile: string;
  msg: string;
  /** '' sends now (时间为空为立即发送). */
  dtime: string;
  linkid: string;
}

/**
 * The parameter names of the parameter lists, dtime and linkid: the GET example's
 * "dttime" and "linked" are typos the parameter list and the POST and 点点通 sections contradict.
 */
export function plainSendParams(form: PlainForm, variant: EndpointVariant, creds: Credentials, f: SendFields): Record<string, string> {
  const msg = variant === 'urldecode' ? urlEncodedValue(f.msg) : f.msg;
  return { uid: creds.uid, pwd: creds.pwd, mobile: f.mobile, msg, dtime: f.dtime, linkid: f.linkid };
}

/** 4.: pwd always md5 32 lower; msg (the template) and params url-encoded. */
export function ddtSendParams(username: string, password: string, template: string, params: string, dtime: string, linkid: string): Record<string, string> {
  return {
    uid: username,
    pwd: md5(password, 'lower'),
    msg: urlEncodedValue(template),
    params: urlEncodedValue(params),
    dtime,
    linkid,
  };
}
