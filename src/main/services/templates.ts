// Saved templates: a name, a body with placeholders, and what to do with empty values.
// Placeholder names are checked against a list only when one is chosen (preview,
// estimate); saving checks that every placeholder is well formed.
import { AppError } from '../../shared/errors';
import { placeholderTypos } from '../../shared/template-syntax';
import type { EmptyPolicyView, TemplateView } from '../../shared/views';
import type { Db } from '../db/open';
import { templateQueries, type TemplateRow } from '../db/templates';

export interface TemplateInput {
  id?: number;
  name: string;
  body: string;
  emptyPolicy: EmptyPolicyView;
}

export function toTemplateView(row: TemplateRow): TemplateView {
  return { id: row.id, name: row.name, body: row.body, emptyPolicy: row.empty_policy, emptyDefault: row.empty_default, updatedAt: row.updated_at };
}

/** The policy a saved template carries, in the shape render() takes. */
export function policyOf(view: TemplateView): EmptyPolicyView {
  return view.emptyPolicy === 'default' ? { kind: 'default', text: view.emptyDefault ?? '' } : { kind: view.emptyPolicy };
}

function notFound(what: string | number): AppError {
  return new AppError('templates.not_found', { zh: `找不到模板“${what}”。`, en: `No template "${what}".` });
}

export class TemplateService {
  private readonly q: ReturnType<typeof templateQueries>;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = templateQueries(db);
  }

  list(): TemplateView[] {
    return this.q.all().map(toTemplateView);
  }

  /** By id, or by name (the CLI's way). */
  find(idOrName: number | string): TemplateView {
    const byId = typeof idOrName === 'number' || /^\d+$/.test(idOrName) ? this.q.byId(Number(idOrName)) : undefined;
    const row = byId ?? (typeof idOrName === 'string' ? this.q.byName(idOrName) : undefined);
    if (!row) throw notFound(idOrName);
    return toTemplateView(row);
  }

  save(input: TemplateInput): TemplateView {
    const name = input.name.trim();
    if (!name) throw new AppError('templates.name_required', { zh: '请给模板起一个名称。', en: 'Give the template a name.' }, { field: 'name' });
    if (!input.body.trim()) throw new AppError('templates.body_required', { zh: '模板内容不能为空。', en: 'The template text cannot be empty.' }, { field: 'body' });
    const typos = placeholderTypos(input.body);
    if (typos.length) {
      const list = typos.map((t) => t.fragment);
      throw new AppError(
        'template.bad_placeholder',
        {
          zh: `模板中的变量写法有误：${list.join('、')}。变量须用半角尖括号，如 <姓名> 或 <value0>，名称只含文字、数字、_ 或 -。`,
          en: `Malformed placeholder(s) in the template: ${list.join(', ')}. Write them with half-width angle brackets, e.g. <name> or <value0>, names of letters, digits, _ or - only.`,
        },
        { field: 'body', fragments: list, indexes: typos.map((t) => t.index) },
      );
    }
    const other = this.q.byName(name);
    if (other && other.id !== input.id) {
      throw new AppError('templates.duplicate', { zh: `已有名为“${name}”的模板，请换一个名称。`, en: `A template named "${name}" exists; choose another name.` }, { field: 'name' });
    }
    const fields = {
      name,
      body: input.body,
      empty_policy: input.emptyPolicy.kind,
      empty_default: input.emptyPolicy.kind === 'default' ? input.emptyPolicy.text : null,
    };
    const at = this.now().toISOString();
    const id = this.db.transaction(() => {
      if (input.id === undefined) return this.q.insert(fields, at);
      if (!this.q.update(input.id, fields, at)) throw notFound(input.id);
      return input.id;
    })();
    return this.find(id);
  }

  delete(id: number): void {
    if (!this.q.remove(id)) throw notFound(id);
  }
}
