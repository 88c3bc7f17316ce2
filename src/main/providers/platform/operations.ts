// Management operations: templates (chapter 9), password change (7), SOAP send (8),
// MMS send and balance (2, 3), and a status query for one batch (4, taskid).
import { z } from 'zod';
import type { Bilingual } from '../../../shared/providers';
import type { Operation } from '../types';
import { MAX_MOBILES_PER_REQUEST, STATUS_PAGE, type ReportsChoice } from './capabilities';
import { readSendXml, readStatusXml } from './answers';
import { pullStatus, queryMmsBalance } from './pulls';
import { EXTNO, MOBILE } from './send';
import { readSoapResult, soapAction, soapEnvelope, SOAP_NAMESPACE } from './soap';
import { readTemplateAnswer, templateProblem } from './templates';
import { packTms } from './tms';
import type { Wire } from './wire';

const mobiles = z.array(z.string().regex(MOBILE, 'mainland mobile number / 大陆手机号')).min(1).max(MAX_MOBILES_PER_REQUEST);
const sendAt = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'YYYY-MM-DD HH:mm:ss (Beijing)').optional();
const extno = z.string().regex(EXTNO, 'at most 5 digits / 最多 5 位数字').optional();
const templateText = z.string().superRefine((value, ctx) => {
  const problem = templateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem.zh} / ${problem.en}` });
});
const templateId = z.string().trim().min(1);

export const schemas = {
  templateAdd: z.object({ template: templateText }),
  templateQuery: z.object({ templateId }),
  templateUpdate: z.object({ templateId, template: templateText }),
  templateDelete: z.object({ templateId }),
  passwordChange: z.object({ newPassword: z.string().min(1).max(20) }),
  soapSend: z.object({ mobiles, content: z.string().min(1), sendAt, extno, namespace: z.string().url().optional() }),
  mmsSend: z.object({
    mobiles,
    subject: z.string().min(1),
    files: z
      .array(z.object({ name: z.string().min(1).refine((n) => !n.includes('\0'), 'no NUL in a file name'), base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64') }))
      .min(1),
    sendAt,
    extno,
  }),
  mmsBalance: z.object({}),
  receiptsByTask: z.object({ taskId: z.string().trim().min(1), statusNum: z.number().int().min(1).max(STATUS_PAGE).optional() }),
};

/** Validates again inside run: a caller that skipped the schema still cannot send an invalid request. */
function op<S extends z.ZodType>(description: Bilingual, params: S, run: (value: z.infer<S>, signal?: AbortSignal) => Promise<unknown>): Operation {
  return { description, params, run: async (p: unknown, signal?: AbortSignal) => run(params.parse(p), signal) };
}

export function platformOperations(wire: Wire, reports: ReportsChoice): Record<string, Operation> {
  const template = async (params: Record<string, string>, signal?: AbortSignal) =>
    readTemplateAnswer(await wire.postForm('freeTemplate.aspx', { ...wire.auth(), ...params }, 'utf-8', signal));

  return {
    'template-add': op(
      { zh: '报备模板（可变内容用 @ 代替，每个 @ 不超过 20 字，连续 @ 最多 5 个）', en: 'Register a template (variable parts as @, each up to 20 characters, at most 5 consecutive @)' },
      schemas.templateAdd,
      async (v, signal) => {
        // 9.1 writes the action with a capital A: "设置为固定的：Add".
        const a = await template({ action: 'Add', template: v.template }, signal);
        return { templateId: a.templateId, description: a.description };
      },
    ),
    'template-query': op({ zh: '查询报备模板及审核状态', en: 'Query a registered template and its review status' }, schemas.templateQuery, async (v, signal) => {
      const a = await template({ action: 'query', templateid: v.templateId }, signal);
      return { templates: a.templates };
    }),
    'template-update': op({ zh: '修改报备模板（修改后重新审核）', en: 'Change a registered template (it goes back to review)' }, schemas.templateUpdate, async (v, signal) => {
      const a = await template({ action: 'update', templateid: v.templateId, template: v.template }, signal);
      return { description: a.description };
    }),
    'template-delete': op({ zh: '删除报备模板', en: 'Delete a registered template' }, schemas.templateDelete, async (v, signal) => {
      const a = await template({ action: 'del', templateid: v.templateId }, signal);
      return { description: a.description };
    }),
    'password-change': op(
      { zh: '修改接口密码（最长 20 位）；成功后请在账户设置中保存新密码', en: 'Change the API password (at most 20 characters); then save the new password in the account settings' },
      schemas.passwordChange,
      async (v, signal) => {
        // 7.2: "用户账号对应的旧密码", no MD5 note (unlike every other chapter) and no action: plain.
        const params = { userid: wire.account.userid ?? '', account: wire.account.username, password: wire.plainPassword(), newpassword: v.newPassword };
        const message = readStatusXml(await wire.postForm('pwd.aspx', params, 'utf-8', signal));
        // The driver goes on with the new password; the stored account is the caller's to update.
        wire.setPassword(v.newPassword);
        return { message };
      },
    ),
    'soap-send': op({ zh: '通过 WebService（SOAP）提交一条短信给多个号码', en: 'Send one text to several numbers through the web service (SOAP)' }, schemas.soapSend, async (v, signal) => {
      const ns = v.namespace ?? SOAP_NAMESPACE;
      const envelope = soapEnvelope({ userName: wire.account.username, password: wire.plainPassword(), mobiles: v.mobiles, content: v.content, sendAt: v.sendAt, extno: v.extno }, ns);
      const body = await wire.postRaw('WebService.asmx', envelope, 'text/xml; charset=utf-8', signal, { SOAPAction: soapAction(ns) });
      return readSoapResult(body.toString('utf8'));
    }),
    'mms-send': op({ zh: '发送彩信（主题 + 文件，打包为 tms）', en: 'Send an MMS (subject + files, packed as tms)' }, schemas.mmsSend, async (v, signal) => {
      const content = packTms(v.files.map((f) => ({ name: f.name, data: Buffer.from(f.base64, 'base64') }))).toString('base64');
      const params = { ...wire.auth('send'), mobile: v.mobiles.join(','), subject: v.subject, content, sendTime: v.sendAt ?? '', extno: v.extno ?? '' };
      const a = readSendXml(await wire.postForm('mms.aspx', params, 'utf-8', signal));
      return { taskId: a.taskId, remainpoint: a.remainpoint, successCounts: a.successCounts };
    }),
    'mms-balance': op({ zh: '查询彩信余额', en: 'MMS balance' }, schemas.mmsBalance, (_v, signal) => queryMmsBalance(wire, signal)),
    'receipts-by-task': op({ zh: '按批次（taskid）查询状态报告', en: 'Pull the status reports of one batch (taskid)' }, schemas.receiptsByTask, (v, signal) =>
      pullStatus(wire, reports, { taskid: v.taskId, statusNum: v.statusNum }, signal),
    ),
  };
}
