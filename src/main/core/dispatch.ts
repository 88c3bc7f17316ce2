// Runs one contract call for any transport (IPC, HTTP): checks the name is in the
// contract, validates the input with its schema, and wraps the result in an envelope.
import { calls, type CallName, type Handlers } from '../../shared/contract';
import { AppError, toErrorBody, type Envelope } from '../../shared/errors';

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}

export async function dispatch(handlers: Handlers, name: string, input: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isCallName(name)) {
      throw new AppError('call.unknown', { zh: `没有名为 ${name} 的调用。`, en: `There is no call named ${name}.` });
    }
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || '(input)';
      throw new AppError(
        'call.invalid_input',
        { zh: `调用 ${name} 的参数无效：${where} ${issue?.message ?? ''}`, en: `Invalid input for ${name}: ${where} ${issue?.message ?? ''}` },
        { field: where },
      );
    }
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, data: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}
