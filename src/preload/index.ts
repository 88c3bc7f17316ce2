// The preload: exposes exactly the contract as window.qunfa and nothing else. Each
// call has its own channel; names outside the contract are refused here and in main.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CALL_NAMES, EVENT_NAMES, channelOf, type QunfaBridge } from '../shared/contract';

const bridge: QunfaBridge = {
  call(name, input) {
    if (!CALL_NAMES.includes(name)) {
      return Promise.resolve({ ok: false, error: { code: 'call.unknown', message: name, zh: `没有名为 ${name} 的调用。`, en: `No call named ${name}.` } });
    }
    return ipcRenderer.invoke(channelOf(name), input);
  },
  on(name, listener) {
    if (!EVENT_NAMES.includes(name)) throw new Error(`No event named ${name}`);
    const channel = channelOf(name);
    const handler = (_event: Electron.IpcRendererEvent, payload: Parameters<typeof listener>[0]): void => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.off(channel, handler);
    };
  },
  // Imports read files in main, by path: a million-row file never crosses IPC.
  pathForFile(file) {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('qunfa', bridge);
