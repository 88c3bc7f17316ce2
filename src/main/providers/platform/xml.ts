// A small strict XML reader for the platform's answers and pushes: flat <returnsms>
// documents and one SOAP envelope. Elements, attributes, text, CDATA, comments and the
// five predefined entities plus numeric references; no DTDs (refused), no namespaces
// beyond stripping the prefix when looking children up. Anything malformed throws.

export interface XmlElement {
  /** Qualified name as written (soap:Body). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct text content, concatenated, entities decoded (not trimmed). */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at ${at}`);
    this.name = 'XmlError';
  }
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const MAX_DEPTH = 32;

function decodeEntities(raw: string, at: number): string {
  return raw.replace(/&([^;&\s]{1,10});|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlError('bare &', at);
    switch (ref) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const num = /^#x([0-9a-fA-F]+)$/.exec(ref) ?? /^#(\d+)$/.exec(ref);
    if (!num) throw new XmlError(`unknown entity ${whole}`, at);
    const cp = parseInt(num[1], ref.startsWith('#x') ? 16 : 10);
    if (cp > 0x10ffff) throw new XmlError('bad character reference', at);
    return String.fromCodePoint(cp);
  });
}

class Reader {
  pos = 0;
  constructor(private readonly src: string) {}

  parseDocument(): XmlElement {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipMisc();
    if (this.src.startsWith('<?xml', this.pos)) {
      const end = this.src.indexOf('?>', this.pos);
      if (end < 0) throw new XmlError('unterminated declaration', this.pos);
      this.pos = end + 2;
    }
    this.skipMisc();
    if (this.src.startsWith('<!DOCTYPE', this.pos)) throw new XmlError('DOCTYPE not allowed', this.pos);
    if (this.src[this.pos] !== '<') throw new XmlError('expected root element', this.pos);
    const root = this.element(0);
    this.skipMisc();
    if (this.pos !== this.src.length) throw new XmlError('content after root element', this.pos);
    return root;
  }

  /** Whitespace, comments and processing instructions outside the root. */
  private skipMisc(): void {
    for (;;) {
      while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
      if (this.src.startsWith('<!--', this.pos)) this.skipComment();
      else if (this.src.startsWith('<?', this.pos) && !this.src.startsWith('<?xml', this.pos)) this.skipPi();
      else return;
    }
  }

  private skipComment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) throw new XmlError('unterminated comment', this.pos);
    this.pos = end + 3;
  }

  private skipPi(): void {
    const end = this.src.indexOf('?>', this.pos + 2);
    if (end < 0) throw new XmlError('unterminated processing instruction', this.pos);
    this.pos = end + 2;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) throw new XmlError('expected a name', this.pos);
    this.pos += m[0].length;
    return m[0];
  }

  private spaces(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private element(depth: number): XmlElement {
    if (depth > MAX_DEPTH) throw new XmlError('too deep', this.pos);
    this.pos++; // '<'
    const name = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = this.pos;
      this.spaces();
      const c = this.src[this.pos];
      if (c === '/' && this.src[this.pos + 1] === '>') {
        this.pos += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (c === '>') {
        this.pos++;
        break;
      }
      if (before === this.pos) throw new XmlError('expected space before attribute', this.pos);
      const key = this.name();
      this.spaces();
      if (this.src[this.pos] !== '=') throw new XmlError('expected =', this.pos);
      this.pos++;
      this.spaces();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") throw new XmlError('expected quoted value', this.pos);
      const end = this.src.indexOf(quote, this.pos + 1);
      if (end < 0) throw new XmlError('unterminated attribute', this.pos);
      const value = this.src.slice(this.pos + 1, end);
      if (value.includes('<')) throw new XmlError('< in attribute', this.pos);
      attrs[key] = decodeEntities(value, this.pos);
      this.pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) throw new XmlError(`unclosed <${name}>`, this.pos);
      if (this.src.startsWith('</', this.pos)) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== name) throw new XmlError(`</${closing}> closes <${name}>`, this.pos);
        this.spaces();
        if (this.src[this.pos] !== '>') throw new XmlError('expected >', this.pos);
        this.pos++;
        return { name, attrs, children, text };
      }
      if (this.src.startsWith('<!--', this.pos)) this.skipComment();
      else if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.src.indexOf(']]>', this.pos);
        if (end < 0) throw new XmlError('unterminated CDATA', this.pos);
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<?', this.pos)) this.skipPi();
      else if (this.src[this.pos] === '<') children.push(this.element(depth + 1));
      else {
        const next = this.src.indexOf('<', this.pos);
        const end = next < 0 ? this.src.length : next;
        text += decodeEntities(this.src.slice(this.pos, end), this.pos);
        this.pos = end;
      }
    }
  }
}

export function parseXml(src: string): XmlElement {
  return new Reader(src).parseDocument();
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => localName(c.name) === name);
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => localName(c.name) === name);
}

/** A child's text, trimmed (the document's own examples pad values: "<remainpoint> remainpoint</remainpoint>"). */
export function childText(el: XmlElement, name: string): string | undefined {
  return child(el, name)?.text.trim();
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * Decodes an XML body by its declaration: gb2312/gbk/gb18030 declared → GB18030 (a
 * superset), utf-8 declared → UTF-8, no declaration → `fallback`.
 */
export function xmlCharset(body: Buffer, fallback: 'utf-8' | 'gb2312'): 'utf-8' | 'gb2312' {
  const head = body.subarray(0, 200).toString('latin1');
  const m = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (!m) return fallback;
  return /^(gb2312|gbk|gb18030)$/i.test(m[1].trim()) ? 'gb2312' : 'utf-8';
}
