// The document's chapter 10 ResultCode table, as the simulated gateway answers it
// (written from the document, independently of the driver's copy).

export interface GatewayCode {
  name: string;
  text: string;
}

export const CODES: Record<string, GatewayCode> = {
  '1': { name: 'OK', text: '操作成功' },
  '1001': { name: 'ParamError', text: '参数错误' },
  '1002': { name: 'UserNameEmpty', text: '用户名为空' },
  '1003': { name: 'PasswordEmpty', text: '密码为空' },
  '1004': { name: 'UserNameError', text: '用户名错误' },
  '1005': { name: 'PasswordError', text: '密码错误' },
  '1006': { name: 'BindIpError', text: 'IP绑定错误' },
  '1007': { name: 'UserStop', text: '帐户已停用' },
  '1008': { name: 'UserIdError', text: 'UserId参数错误，该值必需要是数字，由供应商提供。' },
  '1009': { name: 'Text64Error', text: 'Text64参数错误，错误的可能有：不是有效的base64编码，Des解密失败，解析json时出错。' },
  '1010': { name: 'StampError', text: '时间戳错误，可能是格式不对，或是时间偏差太大（应该在5分钟以内）。' },
  '2001': { name: 'ContentEmpty', text: '内容为空' },
  '1103': { name: 'MsisdnEmpty', text: '手机号码为空' },
  '1104': { name: 'ExtNumberError', text: '扩展错误' },
  '2105': { name: 'ContentLong', text: '内容太长' },
  '1106': { name: 'NoChannel', text: '没有发送通道' },
  '2107': { name: 'SensitiveWords', text: '敏感词汇' },
  '1108': { name: 'MsisdnError', text: '错误的手机号码' },
  '1109': { name: 'MsisdnBlack', text: '黑名单的手机号码' },
  '1110': { name: 'MsisdnNoChannel', text: '没有通道的手机号码' },
  '1111': { name: 'AmountNotEnough', text: '额度不足' },
  '1112': { name: 'NoProduct', text: '没有配置产品' },
  '2113': { name: 'RequiredSuffix', text: '需要签名' },
  '2114': { name: 'SuffixError', text: '签名错误' },
  '3001': { name: 'SubjectEmpty', text: '主题为空' },
  '9999': { name: 'InternalError', text: '系统内部错误' },
  // 9.1's example answer: not in the table.
  '1119': { name: 'FunctionDisabled', text: '未启用该功能' },
};

/** 4.4 / 5.4. */
export const PULL_ERRORS: Record<string, string> = {
  '1': '用户名或密码不能为空',
  '2': '用户名或密码错误',
  '3': '该用户不允许查看状态报告',
  '4': '参数不正确',
};

/** The sms.aspx family answers a failure as <message>; chapter 3 documents these two. */
export const MSG_EMPTY = '用户名或密码不能为空';
export const MSG_WRONG = '用户名或密码错误';
export const MSG_OK = '操作成功';

/** A failure of the send pipeline: a chapter 10 code, optionally with the sms.aspx <message> text. */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly message_: string = CODES[code]?.text ?? '参数错误',
  ) {
    super(`${code} ${message_}`);
  }
}
