// Where the signature goes and how it is counted, from the provider's capabilities
// (never from its name). Three placements, as the documents describe them:
//   'content'           the text itself carries 【签名】 ("内容+【签名】", platform and
//                       smsadmin): we append it to the template when the body has none;
//                       what we send is what the recipient reads and what is billed.
//   'parameter'         the signature travels in its own field (创瑞 `sign`); the provider
//                       puts 【签名】 in front of the content, always, and bills it too.
//   'provider-template' the approved template on the provider's side carries it (云触达
//                       binds an approved signature, smscn templates contain 【…】): when
//                       the body the user mirrors has no 【…】, the provider adds
//                       【签名】 in front, and it counts towards the parts.
// A body "has a signature" when it contains any 【…】 block: the platform gateway reads
// the last one as the signature even when an opt-out suffix follows it, so a stricter
// reading (only at the very end) would append a second one.
import type { Capabilities } from './providers';
import { billingLength } from './segments';

const HAS_SIGNATURE = /【[^【】]+】/;
const SIGNATURE_BLOCKS = /【([^【】]+)】/g;

/** Whether a text contains a 【…】 block. */
export function hasSignature(text: string): boolean {
  return HAS_SIGNATURE.test(text);
}

/** The last 【…】 of a text, without brackets: what a 'content' provider reads as the signature. */
export function signatureIn(text: string): string | null {
  let last: string | null = null;
  for (const m of text.matchAll(SIGNATURE_BLOCKS)) last = m[1];
  return last;
}

/** Whether the provider itself adds 【signature】 to this sent text. */
function providerAdds(sentText: string, caps: Capabilities, signature: string | null): signature is string {
  if (!signature) return false;
  if (caps.signature.placement === 'parameter') return true;
  return caps.signature.placement === 'provider-template' && !HAS_SIGNATURE.test(sentText);
}

/** The template the driver is given (rendering it gives each message's text). */
export function sendTemplate(body: string, caps: Capabilities, signature: string | null): string {
  if (caps.signature.placement === 'content' && signature && !HAS_SIGNATURE.test(body)) return `${body}【${signature}】`;
  return body;
}

/** What the recipient reads: the sent text, with the signature the provider adds in front. */
export function visibleText(sentText: string, caps: Capabilities, signature: string | null): string {
  return providerAdds(sentText, caps, signature) ? `【${signature}】${sentText}` : sentText;
}

/**
 * What the provider bills for a sent text: the billing length of what the recipient
 * reads (= `billingLength(visibleText(…))`), computed without building that string
 * because the estimate calls it once per recipient.
 */
export function billedLength(sentText: string, caps: Capabilities, signature: string | null): number {
  const added = providerAdds(sentText, caps, signature) ? billingLength(signature) + 2 : 0;
  return billingLength(sentText) + added;
}

/**
 * The signature the recipient will see for this body, or null when there is none: the
 * last 【…】 of the sent template for 'content', else the account's signature (or, for a
 * provider template without one, the 【…】 the body mirrors).
 */
export function effectiveSignature(body: string, caps: Capabilities, signature: string | null): string | null {
  switch (caps.signature.placement) {
    case 'content':
      return signatureIn(sendTemplate(body, caps, signature));
    case 'parameter':
      return signature || null;
    case 'provider-template':
      return signatureIn(body) ?? (signature || null);
  }
}
