// A typed event bus for what the core pushes to every entry point (IPC, SSE, CLI).
import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/contract';

export class CoreEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open window / SSE client; many are fine.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitter.emit(name, payload);
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
