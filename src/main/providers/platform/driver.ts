// The platform driver: one account, one HttpClient, the planner and the readers wired together.
import type { HttpClient } from '../http';
import type { AccountConfig, Driver, DriverFactory } from '../types';
import { capabilities, ENDPOINT_OPTION, FORMS, REPORTS_OPTION, type EndpointChoice, type ReportsChoice } from './capabilities';
import { platformOperations } from './operations';
import { planPlatform } from './plan';
import { pullCalls, pullStatus, queryBalance } from './pulls';
import { parsePlatformPush } from './reports';
import { sendSubmission } from './send';
import { Wire } from './wire';

export interface PlatformDeps {
  /** The clock for ensms Stamp; tests pin it. */
  now?: () => Date;
}

const ENDPOINTS: readonly EndpointChoice[] = ['sms', 'json', 'gbk', 'ensms', 'soap'];

function endpointOf(account: AccountConfig): EndpointChoice {
  const v = account.options[ENDPOINT_OPTION];
  return ENDPOINTS.find((e) => e === v) ?? 'sms';
}

function reportsOf(account: AccountConfig): ReportsChoice {
  return account.options[REPORTS_OPTION] === 'json' ? 'json' : 'xml';
}

export function createPlatformDriver(account: AccountConfig, http: HttpClient, deps: PlatformDeps = {}): Driver {
  const wire = new Wire(account, http);
  const now = deps.now ?? (() => new Date());
  const endpoint = endpointOf(account);
  const reports = reportsOf(account);
  const sameTextForm = FORMS[endpoint];
  return {
    capabilities,
    plan: (messages) => planPlatform(messages, sameTextForm),
    send: (submission, ctx, signal) => sendSubmission({ wire, now }, submission, ctx, signal),
    balance: (signal) => queryBalance(wire, endpoint, signal),
    pullReceipts: (signal) => pullStatus(wire, reports, {}, signal),
    pullReplies: (signal) => pullCalls(wire, reports, signal),
    parsePush: parsePlatformPush,
    operations: platformOperations(wire, reports),
    close: () => http.close(),
  };
}

export const platformFactory: DriverFactory = {
  capabilities,
  create: (account, http) => createPlatformDriver(account, http),
};
