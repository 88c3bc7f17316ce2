// Chapter 9 (freeTemplate.aspx): register, query, update and delete templates whose
// variable parts are written '@'. JSON answers {Status, StatusCode, Description, TemplateId | TemplateList}.
import { unparseable } from '../errors';
import { OK_CODE, resultCodeError } from './codes';
import { jsonObject, str } from './answers';

/** "连续的@最多允许出现5次". */
export const MAX_AT_RUN = 5;
/** "用@替换20个字符以内的可变内容": each '@' stands for at most this many characters. */
export const AT_MAX_CHARS = 20;

/** Why a template would be refused, or null: at least one character, no run of more than five '@'. */
export function templateProblem(template: string): { zh: string; en: string } | null {
  if (template.trim() === '') return { zh: '模板内容为空。', en: 'The template is empty.' };
  const longest = Math.max(0, ...(template.match(/@+/g) ?? []).map((run) => run.length));
  if (longest > MAX_AT_RUN) {
    return {
      zh: `连续的 @ 最多 ${MAX_AT_RUN} 个（这里有 ${longest} 个）。每个 @ 代表 ${AT_MAX_CHARS} 个字以内的可变内容。`,
      en: `At most ${MAX_AT_RUN} consecutive @ (found ${longest}). Each @ stands for up to ${AT_MAX_CHARS} characters of variable text.`,
    };
  }
  return null;
}

/** 9.2: 1 启用, 2 禁用, 3 审核, 4 退回. */
export const TEMPLATE_STATUS: Record<string, { zh: string; en: string }> = {
  '1': { zh: '启用', en: 'enabled' },
  '2': { zh: '禁用', en: 'disabled' },
  '3': { zh: '审核中', en: 'under review' },
  '4': { zh: '退回', en: 'rejected' },
};

export interface TemplateInfo {
  templateId: string;
  status: string;
  statusLabel: { zh: string; en: string } | null;
  template: string;
}

export interface TemplateAnswer {
  description: string;
  templateId: string;
  templates: TemplateInfo[];
}

/** Success is StatusCode "1" (Status "Success"); otherwise the code decides the class. */
export function readTemplateAnswer(body: string): TemplateAnswer {
  const o = jsonObject(body);
  const code = str(o.StatusCode);
  const status = str(o.Status);
  if (code === '' && status === '') throw unparseable('platform', body);
  const ok = code !== '' ? code === OK_CODE : /^(Success|Sucess)$/i.test(status);
  if (!ok) throw resultCodeError(code, str(o.Description));
  const list = Array.isArray(o.TemplateList) ? o.TemplateList : [];
  const templates = list.map((item): TemplateInfo => {
    if (typeof item !== 'object' || item === null) throw unparseable('platform', body);
    const t = item as Record<string, unknown>;
    const s = str(t.Status);
    return { templateId: str(t.TemplateId), status: s, statusLabel: TEMPLATE_STATUS[s] ?? null, template: str(t.Template) };
  });
  return { description: str(o.Description), templateId: str(o.TemplateId), templates };
}
