// Reads the provider's answers. The document gives three shapes (section 三): JSON
// (default), XML (`<result>…</result>`, rows as `<values><value0>…</value0>…`) and plain
// text (`sms&stat=100&remain=100`). The shape is recognised from the body, not from
// the format we asked for, because a server may answer an error in its default shape.
import { decodeText } from '../util';

export interface Answer {
  format: 'json' | 'xml' | 'txt';
  /** Top-level scalar fields, as strings (`"stat":100` and `"stat":"100"` both give '100'). */
  fields: Record<string, string>;
  /** The `values` rows (status reports, send records); [] where the answer has none. */
  rows: Record<string, string>[];
}

/** Thrown for a body none of the three shapes describes; the driver turns it into `unparseable`. */
export class AnswerError extends Error {}

/**
 * Decodes the body. The document does not say which charset answers use; a declared GBK
 * family charset is trusted, anything else is tried as strict UTF-8 and read as GBK
 * (GB18030) when it is not valid UTF-8, since such servers often mislabel GBK as UTF-8.
 */
export function decodeBody(body: Buffer, contentType: string | string[] | undefined): string {
  const type = Array.isArray(contentType) ? contentType.join(';') : (contentType ?? '');
  const declared = /charset\s*=\s*"?([\w-]+)/i.exec(type)?.[1]?.toLowerCase() ?? '';
  if (/^(gbk|gb2312|gb18030)$/.test(declared)) return decodeText(body, 'gbk');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return decodeText(body, 'gbk');
  }
}

export function parseAnswer(text: string): Answer {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('{')) return parseJson(body);
  if (body.startsWith('<')) return parseXml(body);
  if (/(^|&)stat=/.test(body)) return parseTxt(body);
  throw new AnswerError('no known answer shape');
}

function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function toRow(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AnswerError('row is not an object');
  const row: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const s = scalar(v);
    if (s !== undefined) row[k] = s;
  }
  return row;
}

function parseJson(body: string): Answer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new AnswerError('invalid JSON', { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AnswerError('JSON is not an object');
  const fields: Record<string, string> = {};
  let rows: Record<string, string>[] = [];
  for (const [k, v] of Object.entries(parsed)) {
    if (k === 'values') {
      // The document shows an array; an object keyed value0, value1… (PHP's habit) is read the same way.
      const list = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? Object.values(v) : [];
      rows = list.map(toRow);
      continue;
    }
    const s = scalar(v);
    if (s !== undefined) fields[k] = s;
  }
  return { format: 'json', fields, rows };
}

function parseTxt(body: string): Answer {
  const fields: Record<string, string> = {};
  // `sms&stat=100&remain=100`: the leading `sms` carries no '=' and names nothing we need.
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    fields[pair.slice(0, eq)] = safeUriDecode(pair.slice(eq + 1));
  }
  return { format: 'txt', fields, rows: [] };
}

function safeUriDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(parseInt(e.slice(1), 10)) : ENTITIES[e],
  );
}

/** A small reader for the flat element-only XML the document shows; anything else is rejected. */
function readXml(body: string): XmlNode {
  const token = /<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>|([^<]+)/g;
  const root: XmlNode = { name: '', children: [], text: '' };
  const stack: XmlNode[] = [root];
  let consumed = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    if (m.index !== consumed) throw new AnswerError('malformed XML');
    consumed = token.lastIndex;
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[5] !== undefined) top.text += decodeEntities(m[5]);
    else if (m[3] !== undefined) {
      if (m[2] === '/') {
        if (stack.length < 2 || top.name !== m[3]) throw new AnswerError('mismatched XML tag');
        stack.pop();
      } else {
        const node: XmlNode = { name: m[3], children: [], text: '' };
        top.children.push(node);
        if (m[4] !== '/') stack.push(node);
      }
    }
  }
  if (consumed !== body.length || stack.length !== 1 || root.children.length !== 1) throw new AnswerError('malformed XML');
  return root.children[0];
}

function parseXml(body: string): Answer {
  const result = readXml(body);
  if (result.name !== 'result') throw new AnswerError(`XML root <${result.name}> is not <result>`);
  const fields: Record<string, string> = {};
  let rows: Record<string, string>[] = [];
  for (const child of result.children) {
    if (child.name === 'values') {
      rows = child.children.map((value) => Object.fromEntries(value.children.map((f) => [f.name, f.text.trim()])));
    } else {
      fields[child.name] = child.text.trim();
    }
  }
  return { format: 'xml', fields, rows };
}
