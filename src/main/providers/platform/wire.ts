// One account's way onto the wire: the common parameters (userid, account, MD5 UPPER
// password), form posts in the endpoint's charset through the shared HttpClient, and
// answers decoded in the charset they declare. The password lives here only, so that
// a password change can update it; it never reaches a log or an error text.
import type { HttpClient } from '../http';
import type { AccountConfig } from '../types';
import { decodeText, formEncode, joinUrl, md5, type Charset } from '../util';
import { xmlCharset } from './xml';

export type Params = Record<string, string | undefined>;

export class Wire {
  private password: string;

  constructor(
    readonly account: AccountConfig,
    private readonly http: HttpClient,
  ) {
    this.password = account.password;
  }

  /** The plain password, for the forms that derive from it (ensms Secret and DES key, SOAP, pwd.aspx). */
  plainPassword(): string {
    return this.password;
  }

  setPassword(password: string): void {
    this.password = password;
  }

  /** "用md5加密方式，md5采用32位大写". */
  passwordMd5(): string {
    return md5(this.password, 'upper');
  }

  /** userid, account, password in the documented order, after the action. */
  auth(action?: string): Params {
    return { action, userid: this.account.userid ?? '', account: this.account.username, password: this.passwordMd5() };
  }

  url(path: string): string {
    return joinUrl(this.account.baseUrl, path);
  }

  async postRaw(path: string, body: string | Buffer, contentType: string, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<Buffer> {
    const res = await this.http.request({ method: 'POST', url: this.url(path), headers: { 'content-type': contentType, ...extra }, body, signal });
    return res.body;
  }

  /** POSTs a form in `charset`; the answer is decoded as it declares itself, else as `charset`. */
  async postForm(path: string, params: Params, charset: Charset, signal?: AbortSignal): Promise<string> {
    const body = await this.postRaw(path, formEncode(params, charset), `application/x-www-form-urlencoded; charset=${charset}`, signal);
    return decodeText(body, xmlCharset(body, charset === 'utf-8' ? 'utf-8' : 'gb2312'));
  }
}
