// HTTP for drivers: one keep-alive pool per account (undici), separate connect and
// response timeouts, cancellation by AbortSignal, the system's proxy honoured
// (HTTPS_PROXY / HTTP_PROXY / NO_PROXY), loopback always direct.
//
// Failures are classified for the "never twice" rule: an error before the request
// started to be written (refused, DNS, connect timeout) means the provider never saw
// it → 'retry'. Anything after that point (reset, timeout waiting for the answer) may
// have been accepted → 'unknown'. undici calls onRequestStart (legacy: onConnect) just
// before it writes the request, and an interceptor records that moment.
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { ProviderName } from '../../shared/providers';
import { ProviderError, info, type ErrorInfo } from './errors';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpOptions {
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

type Handler = Dispatcher.DispatchHandler;

interface Target {
  origin: string;
  path: string;
  dispatcher: Dispatcher;
}

const MAX_TARGETS = 64;

/**
 * Delegates to undici's handler and notes when the request starts being written.
 * undici's compose() hands interceptors handlers already in the new (onRequestStart) API.
 */
class NoteStart implements Handler {
  constructor(
    private readonly inner: Handler,
    private readonly onStart: () => void,
  ) {}
  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.onStart();
    this.inner.onRequestStart?.(controller, context);
  }
  onRequestUpgrade(controller: Dispatcher.DispatchController, status: number, headers: Parameters<NonNullable<Handler['onRequestUpgrade']>>[2], socket: Parameters<NonNullable<Handler['onRequestUpgrade']>>[3]): void {
    this.inner.onRequestUpgrade?.(controller, status, headers, socket);
  }
  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: Parameters<NonNullable<Handler['onResponseStart']>>[2], message: string): void {
    this.inner.onResponseStart?.(controller, status, headers, message);
  }
  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }
  onResponseEnd(controller: Dispatcher.DispatchController, trailers: Parameters<NonNullable<Handler['onResponseEnd']>>[1]): void {
    this.inner.onResponseEnd?.(controller, trailers);
  }
  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.inner.onResponseError?.(controller, error);
  }
}

export class HttpClient {
  private readonly provider: ProviderName;
  private readonly proxied: Dispatcher;
  private readonly direct: Dispatcher;
  private readonly responseTimeoutMs: number;
  /** Requests whose bytes may have left, keyed by the options object each request is given. */
  private readonly started = new WeakSet<object>();
  /** Where each URL goes: parsed once per distinct URL (a driver sends to one or two). */
  private readonly targets = new Map<string, Target>();

  constructor(provider: ProviderName, options: HttpOptions = {}) {
    this.provider = provider;
    const connectTimeout = options.connectTimeoutMs ?? 10_000;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
    const common = {
      connect: { timeout: connectTimeout },
      headersTimeout: this.responseTimeoutMs,
      bodyTimeout: this.responseTimeoutMs,
      keepAliveTimeout: 30_000,
      connections: 8,
    };
    const track: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) =>
      // undici's request() hands its options object itself down to dispatch: it keys the mark.
      dispatch(opts, new NoteStart(handler, () => this.started.add(opts)));
    this.proxied = new EnvHttpProxyAgent(common).compose(track);
    this.direct = new Agent(common).compose(track);
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const target = this.target(req.url);
    if (req.signal?.aborted) throw this.cancelled();
    // A fresh options object per request: the "started" mark is keyed by it. The caller's
    // signal goes to undici as it is (no controller of our own per request).
    const opts: Dispatcher.RequestOptions = {
      origin: target.origin,
      path: target.path,
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
    };
    try {
      const res = await target.dispatcher.request(opts);
      const body = Buffer.from(await res.body.arrayBuffer());
      if (res.statusCode < 200 || res.statusCode >= 300) throw this.statusError(res.statusCode, body);
      return { status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      if (req.signal?.aborted && !this.started.has(opts)) throw this.cancelled();
      throw this.networkError(err, this.started.has(opts));
    }
  }

  private target(url: string): Target {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: parsed.pathname + parsed.search, dispatcher: LOOPBACK.test(parsed.hostname) ? this.direct : this.proxied };
      // Bounded: URLs that vary per request (a query carrying the message) are not kept.
      if (this.targets.size < MAX_TARGETS) this.targets.set(url, target);
    }
    return target;
  }

  async close(): Promise<void> {
    await Promise.all([this.proxied.close(), this.direct.close()]);
  }

  private cancelled(): ProviderError {
    return new ProviderError(this.provider, '', 'cancelled', info('retry', '已取消，请求未发出。', 'Cancelled before the request left.'));
  }

  private networkError(err: unknown, started: boolean): ProviderError {
    const code = (err as { code?: string }).code ?? '';
    const detail = err instanceof Error ? err.message : String(err);
    const cls: ErrorInfo = started
      ? info(
          'unknown',
          '请求已发出，但连接中断或超时，无法确定服务商是否已接收。请在服务商后台核对后再决定是否重发。',
          'The request was sent but the connection broke or timed out, so whether the provider accepted it is unknown. Check the provider console before resending.',
        )
      : info(
          'retry',
          '无法连接服务商（网络、地址或代理问题），请求未发出，稍后会自动重试。请检查网络和服务商地址。',
          'Could not reach the provider (network, address or proxy); nothing was sent and it will be retried. Check the network and the base URL.',
        );
    return new ProviderError(this.provider, code, detail, cls, { cause: err });
  }

  private statusError(status: number, body: Buffer): ProviderError {
    const text = `HTTP ${status} ${body.toString('utf8').slice(0, 200)}`;
    // 429/502/503: the application did not take the request (throttled, or a proxy in
    // front of it could not reach it). 500/504: it may have processed it.
    const cls: ErrorInfo =
      status === 429 || status === 502 || status === 503
        ? info('retry', '服务商繁忙或限流，请求未被处理，稍后会自动重试。', 'The provider is busy or throttling; the request was not processed and will be retried.')
        : status === 500 || status === 504
          ? info(
              'unknown',
              '服务商内部错误，无法确定是否已接收。请在服务商后台核对后再决定是否重发。',
              'The provider had an internal error; whether it accepted the request is unknown. Check its console before resending.',
            )
          : info(
              'request',
              '服务商拒绝了请求（HTTP 状态 ' + status + '）。请检查账户的服务商地址是否正确。',
              'The provider refused the request (HTTP ' + status + '). Check the account base URL.',
            );
    return new ProviderError(this.provider, String(status), text, cls);
  }
}
