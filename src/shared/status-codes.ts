// Delivery statuses in plain words. Raw codes are always kept; this only explains them.
// Gateways pass the carriers' CMPP/SGIP codes through, so the common ones are listed.
import type { Bilingual } from './providers';

const KNOWN: Record<string, Bilingual> = {
  DELIVRD: { zh: '已送达', en: 'Delivered' },
  UNDELIV: { zh: '无法送达（号码停机、空号或关机过久）', en: 'Undeliverable (number suspended, unassigned, or off too long)' },
  EXPIRED: { zh: '过期未送达（手机长时间关机或不在服务区）', en: 'Expired (handset off or out of coverage for too long)' },
  REJECTD: { zh: '被短信中心拒绝', en: 'Rejected by the SMS centre' },
  REJECT: { zh: '审核驳回', en: 'Rejected at review' },
  DTBLACK: { zh: '号码在黑名单中', en: 'Number is blacklisted' },
  BLACK: { zh: '号码在黑名单中', en: 'Number is blacklisted' },
  UNKNOWN: { zh: '运营商未返回确定状态', en: 'The carrier gave no definite status' },
  DELETED: { zh: '短信被删除', en: 'Message deleted' },
  ACCEPTD: { zh: '已被接受，未确认送达', en: 'Accepted, delivery not confirmed' },
  'ERR:104': { zh: '系统忙', en: 'System busy' },
  MK: { zh: '运营商网关错误（MK 类）：多为号码状态异常（停机、欠费、关机）', en: 'Carrier gateway error (MK): usually the number is suspended, unpaid or off' },
  MI: { zh: '运营商网关错误（MI 类）：多为号码不存在或格式错误', en: 'Carrier gateway error (MI): usually an unknown or malformed number' },
  MA: { zh: '运营商网关错误（MA 类）', en: 'Carrier gateway error (MA)' },
  MB: { zh: '运营商网关错误（MB 类）：多为手机存储满或拒收', en: 'Carrier gateway error (MB): usually the handset is full or refuses' },
  MN: { zh: '运营商网关错误（MN 类）', en: 'Carrier gateway error (MN)' },
  IA: { zh: '运营商网关错误（IA 类）：被叫号码错误', en: 'Carrier gateway error (IA): wrong destination number' },
  ID: { zh: '运营商网关错误（ID 类）', en: 'Carrier gateway error (ID)' },
  '10': { zh: '成功', en: 'Success' },
  '20': { zh: '失败', en: 'Failed' },
  '100': { zh: '成功', en: 'Success' },
  '130': { zh: '失败', en: 'Failed' },
  '131': { zh: '空号', en: 'Unassigned number' },
  '132': { zh: '停机', en: 'Number suspended' },
  '133': { zh: '关机', en: 'Handset off' },
  '134': { zh: '无状态', en: 'No status' },
};

export function explainStatus(code: string): Bilingual {
  const upper = code.trim().toUpperCase();
  const direct = KNOWN[upper];
  if (direct) return direct;
  const family = /^([A-Z]{2}):?\d+/.exec(upper)?.[1];
  if (family && KNOWN[family]) return { zh: `${KNOWN[family].zh}（${code}）`, en: `${KNOWN[family].en} (${code})` };
  return { zh: `运营商或网关返回的状态：${code}`, en: `Status from the carrier or gateway: ${code}` };
}
