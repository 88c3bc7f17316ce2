// The document's worked examples, byte for byte, and the wire encodings (DES, gzip batches, tms, XML).
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { md5 } from '../../src/main/providers/util';
import { batchContent, batchLines, escapeBatchText } from '../../src/main/providers/platform/batch';
import { desKey, ensmsJson, ensmsSecret, text64 } from '../../src/main/providers/platform/ensms';
import { packTms, unpackTms } from '../../src/main/providers/platform/tms';
import { parseXml, children, childText, xmlCharset, XmlError } from '../../src/main/providers/platform/xml';
import { fitsGb2312 } from '../../src/main/providers/platform/plan';
import { desDecrypt, unpackTms as gatewayUnpack, batchLines as gatewayBatchLines } from '../gateways/platform/decode';
import { encodeText } from '../../src/main/providers/util';

// 1.5, verbatim from the document.
const DOC_JSON =
  '{"UserName":"test","Secret":"2A8D628159B0D4D3D4D58A3EB17F3082","Stamp":"0414174715","Moblie":"15510331875","Text":"我的验证码是：7890。【奥创时代】","Ext":"","SendTime":""}';
const DOC_BYTES =
  '7B 22 55 73 65 72 4E 61 6D 65 22 3A 22 74 65 73 74 22 2C 22 53 65 63 72 65 74 22 3A 22 32 41 38 44 36 32 38 31 35 39 42 30 44 34 44 33 44 34 44 35 38 41 33 45 42 31 37 46 33 30 38 32 22 2C 22 53 74 61 6D 70 22 3A 22 30 34 31 34 31 37 34 37 31 35 22 2C 22 4D 6F 62 6C 69 65 22 3A 22 31 35 35 31 30 33 33 31 38 37 35 22 2C 22 54 65 78 74 22 3A 22 E6 88 91 E7 9A 84 E9 AA 8C E8 AF 81 E7 A0 81 E6 98 AF EF BC 9A 37 38 39 30 E3 80 82 E3 80 90 E5 A5 A5 E5 88 9B E6 97 B6 E4 BB A3 E3 80 91 22 2C 22 45 78 74 22 3A 22 22 2C 22 53 65 6E 64 54 69 6D 65 22 3A 22 22 7D';
const DOC_TEXT64 =
  '0DqKGm9MWnsFM2wlYEW65VXylBxJGBiuZzP5dTp1ALdK7QaTgx0cR5GftknjiNJBOd46tdJp+6J3OYAoukEBOKlfsExTaFYC7X514PyLC+NrwhDLKYOvFAb7gBo+dqkslvVJklz4qm7/gUHrHAT2d7hEcQxhDMD+Ij8NIy1kvHqU3noZTqjlC1PaaFYy6zifBr5ND+V4UK0xM7scF/avfVKW/0k16qqVzDDJocRkTz0jqvtJYfo1liuI2+h2fRkK';

describe('worked examples', () => {
  it('MD5 32 upper: abc123 → E99A18C428CB38D5F260853678922E03', () => {
    expect(md5('abc123', 'upper')).toBe('E99A18C428CB38D5F260853678922E03');
  });

  it('ensms Secret = MD5(password + stamp) upper', () => {
    expect(ensmsSecret('test', '0414174715')).toBe('2A8D628159B0D4D3D4D58A3EB17F3082');
  });

  it('builds the documented JSON exactly, keys in order, Moblie spelt as written', () => {
    const json = ensmsJson({ username: 'test', password: 'test', stamp: '0414174715', mobiles: ['15510331875'], text: '我的验证码是：7890。【奥创时代】', ext: '', sendTime: '' });
    expect(json).toBe(DOC_JSON);
  });

  it('the JSON as UTF-8 bytes is the documented listing', () => {
    const hex = Buffer.from(DOC_JSON, 'utf8').toString('hex').toUpperCase().match(/../g)?.join(' ');
    expect(hex).toBe(DOC_BYTES);
  });

  it('key for password "test" is 74 65 73 74 00 00 00 00, IV the same', () => {
    expect(desKey('test').toString('hex')).toBe('7465737400000000');
    expect(desKey('a-long-password').toString('utf8')).toBe('a-long-p');
  });

  it('DES-CBC/PKCS7 + base64 gives the documented Text64 exactly', () => {
    expect(text64(DOC_JSON, 'test')).toBe(DOC_TEXT64);
  });

  it('the gateway decrypts the documented Text64 back to the JSON', () => {
    expect(desDecrypt(DOC_TEXT64, 'test')).toBe(DOC_JSON);
    expect(() => desDecrypt(DOC_TEXT64, 'wrong')).toThrow();
  });
});

describe('BatchSms content', () => {
  it('lines are mobile,content joined by CRLF, gzip, base64', () => {
    const items = [
      { mobile: '13800138000', text: '验证码：1234【星辰】' },
      { mobile: '13800138001', text: '验证码：4567【星辰】' },
    ];
    expect(batchLines(items)).toBe('13800138000,验证码：1234【星辰】\r\n13800138001,验证码：4567【星辰】');
    const back = gunzipSync(Buffer.from(batchContent(items), 'base64')).toString('utf8');
    expect(back).toBe(batchLines(items));
    expect(gatewayBatchLines(batchContent(items))).toEqual(['13800138000,验证码：1234【星辰】', '13800138001,验证码：4567【星辰】']);
  });

  it('a CRLF or CR inside a text becomes LF so it cannot split the line', () => {
    expect(escapeBatchText('第一行\r\n第二行\r第三行\n第四行')).toBe('第一行\n第二行\n第三行\n第四行');
    const content = batchContent([{ mobile: '13800138000', text: 'a\r\nb【星辰科技】' }, { mobile: '13800138001', text: 'c【星辰科技】' }]);
    expect(gatewayBatchLines(content)).toEqual(['13800138000,a\nb【星辰科技】', '13800138001,c【星辰科技】']);
  });

  it('commas inside the content stay (only the first comma separates)', () => {
    expect(gatewayBatchLines(batchContent([{ mobile: '13800138000', text: '你好，a,b【星辰】' }]))).toEqual(['13800138000,你好，a,b【星辰】']);
  });
});

describe('tms packing', () => {
  it('name, NUL, little-endian int32 size, bytes; repeated', () => {
    const pack = packTms([
      { name: '1.txt', data: Buffer.from('hi') },
      { name: 'a.jpg', data: Buffer.from([1, 2, 3]) },
    ]);
    expect(pack.toString('hex')).toBe(
      Buffer.from('1.txt').toString('hex') + '00' + '02000000' + Buffer.from('hi').toString('hex') + Buffer.from('a.jpg').toString('hex') + '00' + '03000000' + '010203',
    );
    expect(unpackTms(pack)).toEqual([
      { name: '1.txt', data: Buffer.from('hi') },
      { name: 'a.jpg', data: Buffer.from([1, 2, 3]) },
    ]);
    expect(gatewayUnpack(pack).map((f) => f.name)).toEqual(['1.txt', 'a.jpg']);
  });

  it('refuses a truncated pack', () => {
    const pack = packTms([{ name: '1.txt', data: Buffer.from('hello') }]);
    expect(() => unpackTms(pack.subarray(0, pack.length - 1))).toThrow();
  });
});

describe('XML reader', () => {
  it('reads the document’s own annotated status example (annotations are text)', () => {
    const doc = `<?xml version="1.0" encoding="utf-8" ?> 
<returnsms>
<statusbox>
<mobile>15023239810</mobile>-------------对应的手机号码
<taskid>1212</taskid>-------------同一批任务ID
<status>10</status>---------状态报告----10：发送成功，20：发送失败
<receivetime>2018-02-02 22:12:11</receivetime>-------------接收时间
<errorcode>DELIVRD</errorcode>-上级网关返回值，不同网关返回值不同，仅作为参考
<extno>01</extno>--子号，即自定义扩展号
</statusbox>
</returnsms>`;
    const root = parseXml(doc);
    const box = children(root, 'statusbox')[0];
    expect(childText(box, 'mobile')).toBe('15023239810');
    expect(childText(box, 'errorcode')).toBe('DELIVRD');
  });

  it('decodes entities and CDATA, trims padded values', () => {
    const root = parseXml('<returnsms><message>a &amp; b &#x4E2D;&#25991;</message><x><![CDATA[<raw>]]></x><remainpoint> 12</remainpoint></returnsms>');
    expect(childText(root, 'message')).toBe('a & b 中文');
    expect(childText(root, 'x')).toBe('<raw>');
    expect(childText(root, 'remainpoint')).toBe('12');
  });

  it.each(['<returnsms><a></b></returnsms>', '<returnsms>', '<returnsms></returnsms>trailing', 'plain text', '<returnsms>&bogus;</returnsms>', '<!DOCTYPE x><x/>', '<returnsms>a & b</returnsms>'])(
    'refuses malformed %s',
    (src) => {
      expect(() => parseXml(src)).toThrow(XmlError);
    },
  );

  it('detects the declared charset', () => {
    expect(xmlCharset(Buffer.from('<?xml version="1.0" encoding="gb2312" ?><a/>'), 'utf-8')).toBe('gb2312');
    expect(xmlCharset(Buffer.from('<?xml version="1.0" encoding="utf-8" ?><a/>'), 'gb2312')).toBe('utf-8');
    expect(xmlCharset(Buffer.from('{"a":1}'), 'gb2312')).toBe('gb2312');
  });
});

describe('GB2312', () => {
  it('knows which texts survive GB2312', () => {
    expect(fitsGb2312('您好，会员日全场八折【门店】')).toBe(true);
    expect(fitsGb2312('生日快乐🎂【门店】')).toBe(false);
    expect(encodeText('中文', 'gb2312').toString('hex')).toBe('d6d0cec4');
  });
});
