// Binds the contract to Electron IPC: one handler per call, input validated by the
// contract's schema (in dispatch), and only frames showing our own renderer may call.
import { ipcMain, type BrowserWindow } from 'electron';
import { CALL_NAMES, EVENT_NAMES, channelOf } from '../../shared/contract';
import type { Core } from '../core/core';
import { dispatch } from '../core/dispatch';
import { isOwnUrl } from './window';

export function bindIpc(core: Core, devUrl: string | undefined): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelOf(name), (event, input: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isOwnUrl(frameUrl, devUrl)) {
        return { ok: false, error: { code: 'call.forbidden', message: 'forbidden', zh: '拒绝来自外部页面的调用。', en: 'Calls from foreign pages are refused.' } };
      }
      return dispatch(core.handlers, name, input);
    });
  }
  return () => CALL_NAMES.forEach((name) => ipcMain.removeHandler(channelOf(name)));
}

/** Forwards every core event to the window. */
export function forwardEvents(core: Core, win: BrowserWindow): () => void {
  const offs = EVENT_NAMES.map((name) =>
    core.events.on(name, (payload) => {
      if (!win.isDestroyed()) win.webContents.send(channelOf(name), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
