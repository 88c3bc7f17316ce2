// qunfa serve: the browser host on 127.0.0.1, with a per-start token.
import { parse } from '../args';
import { openCore } from '../context';
import { UsageError, type Io } from '../io';
import { startHost } from '../../host/server';

export const serveHelp = `qunfa serve [--port N] [--data-dir D] [--json]
  在 127.0.0.1 上启动浏览器版群发，打印带令牌的地址。Ctrl+C 停止。
  Starts Qunfa for the browser on 127.0.0.1 and prints the URL with its token. Ctrl+C stops it.
  --port N   端口（默认随机）/ port (default: any free port)`;

export async function serve(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { port: { type: 'string' } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`端口无效：${values.port}`, `Invalid port: ${values.port}`);
  }
  const core = openCore(values['data-dir']);
  // Scheduled campaigns and receipt polling run while the host does.
  core.start();
  const host = await startHost(core, { port });
  io.result({ url: host.url, port: host.port, token: host.token, dataDir: core.dataDir }, () =>
    [`群发已启动，请在浏览器中打开 / Qunfa is running, open:`, host.url, `数据目录 Data folder: ${core.dataDir}`, `按 Ctrl+C 停止 / Ctrl+C to stop`].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await core.close();
  return 0;
}
