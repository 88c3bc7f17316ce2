// A data folder with a clock the test sets, an estimate service on it, and accounts on
// the simulated provider gateways.
import type { AccountInput } from '../../src/shared/contract';
import type { Core } from '../../src/main/core/core';
import { EstimateService, type EstimateInput } from '../../src/main/services/estimate';
import { TemplateService } from '../../src/main/services/templates';
import type { Estimate } from '../../src/shared/views';
import { tempCore } from '../helpers/tmp';

export interface Bench {
  core: Core & { remove: () => Promise<void> };
  estimates: EstimateService;
  templates: TemplateService;
  /** The instant every service sees as now; tests move it. */
  clock: { now: Date };
  addAccount(input: AccountInput & { unitPrice?: number }): number;
  run(input: Partial<EstimateInput> & Pick<EstimateInput, 'listId' | 'accountId' | 'body'>): Promise<Estimate>;
}

/** 2026-03-10 10:00 Beijing time: daytime, so quiet hours stay out of the way unless a test asks. */
export const DAYTIME = new Date('2026-03-10T02:00:00Z');

export function bench(now = DAYTIME): Bench {
  const clock = { now };
  const core = tempCore({ now: () => clock.now });
  const estimates = new EstimateService(core.db, core.accounts, () => clock.now);
  return {
    core,
    estimates,
    templates: new TemplateService(core.db, () => clock.now),
    clock,
    addAccount: (input) => core.accounts.add({ unitPrice: 0, ...input, options: input.options ?? {} }).id,
    run: (input) => estimates.estimate({ emptyPolicy: { kind: 'refuse' }, kind: 'notification', ...input }),
  };
}

/** The rules a list of findings names, in order. */
export const rules = (e: Estimate): string[] => e.findings.map((f) => f.rule);
