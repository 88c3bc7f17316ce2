// The Electron main process: thin glue around the core. Starts the core on whenReady,
// stops it cleanly on quit.
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { createCore, type Core } from './core/core';
import { defaultDataDir } from './core/paths';
import { bindIpc, forwardEvents } from './electron/ipc';
import { electronPlatform } from './electron/platform';
import { createWindow, registerScheme, serveRenderer } from './electron/window';

// The same folder the CLI and the browser host use by default.
app.setPath('userData', defaultDataDir());
registerScheme();

if (!app.requestSingleInstanceLock()) {
  // A second instance would open the same journal; the first one takes the focus instead.
  app.quit();
} else {
  let core: Core | null = null;
  const devUrl = process.env.ELECTRON_RENDERER_URL;

  const open = (): void => {
    if (!core) return;
    const win = createWindow(join(__dirname, '../preload/index.js'), devUrl);
    const stop = forwardEvents(core, win);
    win.on('closed', stop);
  };

  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(() => {
    core = createCore({ dataDir: app.getPath('userData'), platform: electronPlatform() });
    core.start();
    serveRenderer(join(__dirname, '../renderer'));
    bindIpc(core, devUrl);
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting while a campaign sends asks first; requests in flight are answered, not abandoned.
  app.on('before-quit', (event) => {
    if (!core || core.dispatcher.running().length === 0) return;
    const choice = dialog.showMessageBoxSync({
      type: 'question',
      buttons: ['继续发送 Keep sending', '暂停并退出 Pause and quit'],
      defaultId: 0,
      cancelId: 0,
      title: '群发 Qunfa',
      message: '正在群发。退出会暂停群发，下次打开后可继续。\nA campaign is sending. Quitting pauses it; you can resume next time.',
    });
    if (choice === 0) event.preventDefault();
  });

  let stopping = false;
  app.on('will-quit', (event) => {
    if (!core || stopping) return;
    stopping = true;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing.close().finally(() => app.quit());
  });
}
