// A message as a driver is given it. Drivers read the merged values only for provider
// templates, so they stay JSON until asked: a million parsed objects would cost the
// planner hundreds of megabytes and the send path a parse per message.
import type { OutboundMessage } from '../providers/types';

export class Outbound implements OutboundMessage {
  /** `ref`: a position while planning, the message id once it has a journal row. */
  constructor(
    private readonly refNumber: number,
    readonly mobile: string,
    readonly text: string,
    private readonly vals: string,
  ) {}

  get ref(): string {
    return String(this.refNumber);
  }

  get values(): Record<string, string> {
    return JSON.parse(this.vals) as Record<string, string>;
  }
}
