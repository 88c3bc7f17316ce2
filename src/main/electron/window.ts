// The app window and its security: context isolation, sandbox, no Node in the page,
// navigation and new windows refused, the renderer served from our own protocol with
// a strict Content-Security-Policy.
import { BrowserWindow, net, protocol, type WebPreferences } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export const APP_SCHEME = 'qunfa';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

export const WEB_PREFERENCES: WebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
};

/** Must run before app 'ready'. */
export function registerScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves out/renderer under qunfa://app/, with the CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const wanted = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    const file = url.host === 'app' && wanted.startsWith(rendererDir + sep) ? wanted : join(rendererDir, 'index.html');
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

/** True for frames showing our own renderer (the app protocol, or the dev server in development). */
export function isOwnUrl(url: string, devUrl: string | undefined): boolean {
  if (url.startsWith(APP_ORIGIN + '/')) return true;
  return devUrl !== undefined && url.startsWith(devUrl);
}

export function createWindow(preload: string, devUrl: string | undefined): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: '群发 Qunfa',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, devUrl)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}
