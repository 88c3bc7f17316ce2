// BatchSms.ashx (1.6 点对点发送): lines "mobile,content" joined by CRLF, gzip, base64.
// The form encoding of the POST body is the document's "然后url编码" (one encoding only).
import { gzipSync } from 'node:zlib';

/**
 * The document asks to "escape" CRLF inside a text but names no escape the server
 * would undo, so any backslash form could reach the handset literally. Instead every
 * CRLF and lone CR in a text becomes LF: the handset shows the same line break, and
 * the text can no longer contain the CRLF line separator.
 */
export function escapeBatchText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function batchLines(items: { mobile: string; text: string }[]): string {
  return items.map((m) => `${m.mobile},${escapeBatchText(m.text)}`).join('\r\n');
}

/** The content parameter before form encoding: base64(gzip(utf8(lines))). */
export function batchContent(items: { mobile: string; text: string }[]): string {
  return gzipSync(Buffer.from(batchLines(items), 'utf8')).toString('base64');
}
