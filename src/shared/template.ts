// Template placeholders and merging. Positional `<value0>`, `<value1>` … (value0 is the
// first field after the mobile, in the file's column order) and named `<name>`,
// `<姓名>` … (a field's header). Both styles may appear in one template.
//
// Pure and allocation-light: a template is compiled once, then rendered per contact.

/** A placeholder: `<` + a name of letters (any script), digits, `_` or `-` + `>`. */
const PLACEHOLDER = /<([\p{L}\p{N}_-]{1,40})>/gu;

export type TemplatePart = { text: string } | { field: number; name: string };

export interface CompiledTemplate {
  parts: TemplatePart[];
  /** Placeholder names in order of first appearance. */
  names: string[];
}

export interface UnknownPlaceholder {
  name: string;
  /** Character offset in the template. */
  index: number;
}

export class TemplateError extends Error {
  constructor(readonly unknown: UnknownPlaceholder[]) {
    super(`unknown placeholder(s): ${unknown.map((u) => `<${u.name}>`).join(', ')}`);
    this.name = 'TemplateError';
  }
}

/** Every placeholder in the template, in order, duplicates included. */
export function placeholders(body: string): { name: string; index: number }[] {
  return [...body.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1], index: m.index ?? 0 }));
}

/**
 * Resolves each placeholder to a field index: `valueN` is the N-th field; any other name
 * is the field with that header. Throws TemplateError naming every unknown placeholder.
 */
export function compileTemplate(body: string, fields: readonly string[]): CompiledTemplate {
  const parts: TemplatePart[] = [];
  const names: string[] = [];
  const unknown: UnknownPlaceholder[] = [];
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    const name = m[1];
    const index = m.index ?? 0;
    const byHeader = fields.indexOf(name);
    const positional = /^value(\d+)$/.exec(name);
    const field = byHeader >= 0 ? byHeader : positional && Number(positional[1]) < fields.length ? Number(positional[1]) : -1;
    if (field < 0) {
      unknown.push({ name, index });
      continue;
    }
    if (index > last) parts.push({ text: body.slice(last, index) });
    parts.push({ field, name });
    if (!names.includes(name)) names.push(name);
    last = index + m[0].length;
  }
  if (unknown.length) throw new TemplateError(unknown);
  if (last < body.length) parts.push({ text: body.slice(last) });
  return { parts, names };
}

export type EmptyPolicy = { kind: 'refuse' } | { kind: 'allow' } | { kind: 'default'; text: string };

export interface Rendered {
  text: string;
  /** Placeholder names whose value was empty (after the policy applied). */
  empty: string[];
}

/** Renders one contact's text. Empty values follow the policy; 'refuse' reports them in `empty`. */
export function render(t: CompiledTemplate, values: readonly string[], policy: EmptyPolicy = { kind: 'allow' }): Rendered {
  // Joined, not built with +=: a concatenated string is a tree of pieces that keeps every
  // value alive, about three times the memory of the flat text. A planned million
  // messages are held at once.
  const out: string[] = [];
  let empty: string[] = [];
  for (const p of t.parts) {
    if ('text' in p) {
      out.push(p.text);
      continue;
    }
    const v = values[p.field] ?? '';
    if (v === '') {
      if (policy.kind === 'default') {
        out.push(policy.text);
        continue;
      }
      if (policy.kind === 'refuse' && !empty.includes(p.name)) empty = [...empty, p.name];
    }
    out.push(v);
  }
  return { text: out.join(''), empty };
}

/**
 * The values of the placeholders the template uses, by the name it uses them under
 * (`姓名`, `value1`…), for provider-side templates and personalised batches. Only those:
 * this object is stored with every message of a campaign.
 */
export function valuesByName(t: CompiledTemplate, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of t.parts) if ('field' in p) out[p.name] = values[p.field] ?? '';
  return out;
}
