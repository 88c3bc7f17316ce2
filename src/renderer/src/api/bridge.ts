// One client, two transports: window.qunfa (the Electron preload) when present, else
// the browser host's HTTP bridge with its per-start token.
import { CALL_NAMES, type CallName, type EventName, type EventPayload, type ImportSource, type QunfaBridge } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';

declare global {
  interface Window {
    qunfa?: QunfaBridge;
  }
}

const TOKEN_KEY = 'qunfa.token';

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, history and screenshots.
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function httpBridge(): QunfaBridge {
  const token = takeToken();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const ensureSource = (): void => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  };
  return {
    async call(name, input) {
      if (!CALL_NAMES.includes(name)) throw new Error(`No call named ${name}`);
      const res = await fetch(`/api/call/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-qunfa-token': token },
        body: JSON.stringify(input ?? {}),
      });
      if (res.status === 401) {
        return {
          ok: false,
          error: { code: 'host.token', message: 'token', zh: '访问令牌无效：请使用 qunfa serve 打印的完整地址打开。', en: 'Invalid token: open the full URL that qunfa serve printed.' },
        } as Envelope<never>;
      }
      return (await res.json()) as Envelope<never>;
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      ensureSource();
      let set = listeners.get(name);
      if (!set) {
        const fresh = new Set<(payload: unknown) => void>();
        listeners.set(name, fresh);
        source?.addEventListener(name, (ev) => fresh.forEach((l) => l(JSON.parse((ev as MessageEvent<string>).data))));
        set = fresh;
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}

export const bridge: QunfaBridge = window.qunfa ?? httpBridge();
export type { CallName };

/** The browser host's address of an export the core wrote (a link cannot send headers: the token goes in the query). */
export function hostDownloadUrl(downloadId: string, filename: string): string {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return `/api/download/${encodeURIComponent(downloadId)}?token=${encodeURIComponent(token)}&name=${encodeURIComponent(filename)}`;
}

/**
 * Turns a file the user dropped or picked into an import source: its path on the
 * desktop, or an upload to the browser host (with progress, since files can be large).
 */
export async function sourceForFile(file: File, onProgress?: (fraction: number) => void): Promise<ImportSource> {
  if (bridge.pathForFile) return { kind: 'path', path: bridge.pathForFile(file) };
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const id = await new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('x-qunfa-token', token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => (xhr.status === 200 ? resolve((JSON.parse(xhr.responseText) as { id: string }).id) : reject(new Error(`upload failed: ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.send(file);
  });
  return { kind: 'upload', id };
}
