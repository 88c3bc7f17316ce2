// qunfa doctor: where the data is, which schema, which secret backend.
import { SCHEMA_VERSION } from '../../db/migrate';
import { parse } from '../args';
import { withCore } from '../context';
import type { Io } from '../io';

export const doctorHelp = `qunfa doctor [--data-dir D] [--json]
  检查数据目录、数据库结构版本和密码存储方式。
  Checks the data folder, the database schema version and the secret backend.`;

export async function doctor(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {});
  const report = await withCore(values['data-dir'], async (core) => {
    const info = core.info();
    return {
      version: info.version,
      dataDir: info.dataDir,
      schemaVersion: info.schemaVersion,
      supportedSchemaVersion: SCHEMA_VERSION,
      secretBackend: info.secretBackend,
      secretWarning: info.secretWarning,
      node: process.version,
      accounts: core.accounts.list().length,
    };
  });
  io.result(report, (r: typeof report) =>
    [
      `群发 Qunfa ${r.version}`,
      `数据目录 Data folder:     ${r.dataDir}`,
      `结构版本 Schema version:  ${r.schemaVersion} (supported ${r.supportedSchemaVersion})`,
      `密码存储 Secret backend:  ${r.secretBackend}`,
      ...(r.secretWarning ? [`  注意：${r.secretWarning.zh}`, `  Note: ${r.secretWarning.en}`] : []),
      `账户 Accounts:            ${r.accounts}`,
    ].join('\n'),
  );
  return 0;
}
