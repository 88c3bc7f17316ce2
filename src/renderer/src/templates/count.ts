// The live count under the editor: what the template's own text costs, signature
// included the way the chosen account's provider adds it (src/shared/compose.ts).
// Placeholders are left out: their values differ per recipient, and the preview and
// the estimate count them.
import { billedLength, sendTemplate } from '../../../shared/compose';
import type { Capabilities } from '../../../shared/providers';
import { billingLength, DEFAULT_SEGMENTS, partsFor } from '../../../shared/segments';
import { compileTemplate, placeholders, TemplateError } from '../../../shared/template';

export interface LiveCount {
  /** Billed characters of the fixed text (placeholders left out), signature included. */
  length: number;
  parts: number;
  /** Placeholders in the body (each counted when it appears). */
  placeholders: number;
  /** Characters the signature adds (0 without an account or signature). */
  signature: number;
  /** Characters left in the current part before another one starts. */
  leftInPart: number;
}

const PLACEHOLDER = /<[\p{L}\p{N}_-]{1,40}>/gu;

export function liveCount(body: string, account: { caps: Capabilities; signature: string | null } | null): LiveCount {
  const fixed = body.replace(PLACEHOLDER, '');
  const rule = account?.caps.segments ?? DEFAULT_SEGMENTS;
  const length = account ? billedLength(sendTemplate(fixed, account.caps, account.signature), account.caps, account.signature) : billingLength(fixed);
  const parts = partsFor(length, rule);
  const capacity = parts <= 1 ? rule.single : parts * rule.multi;
  return { length, parts, placeholders: placeholders(body).length, signature: length - billingLength(fixed), leftInPart: Math.max(0, capacity - length) };
}

/** Placeholders the list does not have, by name (none when no list is chosen). */
export function unknownPlaceholders(body: string, fields: readonly string[] | null): string[] {
  if (!fields) return [];
  try {
    compileTemplate(body, fields);
    return [];
  } catch (err) {
    if (err instanceof TemplateError) return [...new Set(err.unknown.map((u) => u.name))];
    throw err;
  }
}
