// SQL for saved templates.
import type { Db } from './open';

export interface TemplateRow {
  id: number;
  name: string;
  body: string;
  empty_policy: 'refuse' | 'allow' | 'default';
  empty_default: string | null;
  created_at: string;
  updated_at: string;
}

export type TemplateFields = Pick<TemplateRow, 'name' | 'body' | 'empty_policy' | 'empty_default'>;

export function templateQueries(db: Db) {
  const all = db.prepare<[], TemplateRow>('SELECT * FROM templates ORDER BY updated_at DESC, id DESC');
  const byId = db.prepare<[number], TemplateRow>('SELECT * FROM templates WHERE id = ?');
  const byName = db.prepare<[string], TemplateRow>('SELECT * FROM templates WHERE name = ?');
  const insert = db.prepare<TemplateFields & { now: string }>(
    `INSERT INTO templates (name, body, empty_policy, empty_default, created_at, updated_at)
     VALUES (@name, @body, @empty_policy, @empty_default, @now, @now)`,
  );
  const update = db.prepare<TemplateFields & { id: number; now: string }>(
    'UPDATE templates SET name = @name, body = @body, empty_policy = @empty_policy, empty_default = @empty_default, updated_at = @now WHERE id = @id',
  );
  const remove = db.prepare<[number]>('DELETE FROM templates WHERE id = ?');
  return {
    all: (): TemplateRow[] => all.all(),
    byId: (id: number): TemplateRow | undefined => byId.get(id),
    byName: (name: string): TemplateRow | undefined => byName.get(name),
    insert: (fields: TemplateFields, now: string): number => Number(insert.run({ ...fields, now }).lastInsertRowid),
    update: (id: number, fields: TemplateFields, now: string): boolean => update.run({ ...fields, id, now }).changes > 0,
    remove: (id: number): boolean => remove.run(id).changes > 0,
  };
}
