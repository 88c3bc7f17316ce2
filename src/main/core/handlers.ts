// The contract's calls, each mapped to the service that answers it. Inputs arrive
// validated by the contract's schemas (see dispatch.ts).
import { copyFileSync } from 'node:fs';
import type { Handlers, Settings } from '../../shared/contract';
import { overviewQueries } from '../db/overview';
import { settingQueries } from '../db/settings';
import { parseBeijing } from '../campaigns/service';
import { EstimateService } from '../services/estimate';
import { TemplateService } from '../services/templates';
import type { Core } from './core';

export function buildHandlers(core: Core): Handlers {
  const { accounts, campaigns, contacts, events, uploads } = core;
  const overview = overviewQueries(core.db);
  const settings = settingQueries(core.db);
  const templates = new TemplateService(core.db);
  const estimates = new EstimateService(core.db, accounts);
  const readSettings = (): Settings => ({ locale: settings.get('locale') === 'en' ? 'en' : 'zh-CN' });
  const changed = <T>(what: Parameters<typeof events.emit<'data.changed'>>[1]['what'], value: T): T => {
    events.emit('data.changed', { what });
    return value;
  };

  return {
    'app.info': async () => core.info(),
    'settings.get': async () => readSettings(),
    'settings.set': async (input) => {
      settings.set('locale', input.locale);
      return changed('settings', readSettings());
    },
    'providers.list': async () => accounts.providers(),
    'accounts.list': async () => accounts.list(),
    'accounts.add': async (input) => changed('accounts', accounts.add(input)),
    'accounts.update': async (input) => changed('accounts', accounts.update(input)),
    'accounts.remove': async (input) => {
      accounts.remove(input.id);
      return changed('accounts', null);
    },
    'accounts.balance': async (input) => accounts.balance(input.id),
    'lists.list': async () => overview.lists(),
    // The contact service emits data.changed itself.
    'lists.create': async (i) => contacts.createList(i.name),
    'lists.rename': async (i) => contacts.renameList(i.id, i.name),
    'lists.delete': async (i) => {
      contacts.deleteList(i.id);
      return null;
    },
    'lists.merge': async (i) => contacts.mergeLists(i.sourceIds, i.name),
    'contacts.page': async (i) => contacts.page(i.listId, i),
    'contacts.add': async (i) => contacts.addContact(i.listId, i.mobile, i.fields),
    'contacts.remove': async (i) => ({ removed: contacts.removeContacts(i.listId, i.ids) }),
    'imports.inspect': async (i) => contacts.inspect(uploads.pathOf(i.source), i),
    'imports.start': async ({ source, ...req }) => contacts.startImport(uploads.pathOf(source), req),
    'imports.cancel': async (i) => {
      contacts.cancelImport(i.importId);
      return null;
    },
    'imports.report': async (i) => contacts.report(i.importId),
    'imports.rejected': async (i) => contacts.rejected(i.importId),
    'optouts.page': async (i) => contacts.optoutsPage(i),
    'optouts.add': async (i) => contacts.addOptouts(i.mobiles, i.note),
    'optouts.remove': async (i) => contacts.removeOptouts(i.mobiles),
    'optouts.import': async (i) => contacts.importOptouts(uploads.pathOf(i.source), i.encoding, uploads.nameOf(i.source)),
    'templates.list': async () => templates.list(),
    'templates.save': async (input) => changed('templates', templates.save(input)),
    'templates.delete': async (input) => {
      templates.delete(input.id);
      return changed('templates', null);
    },
    'templates.preview': async (input) => estimates.preview(input),
    'estimate.run': async (input) => estimates.estimate(input),
    'sensitive.get': async () => estimates.getSensitiveWords(),
    'sensitive.set': async (input) => estimates.setSensitiveWords(input.words),
    'campaigns.list': async () => overview.campaigns(),
    'campaigns.create': async (input) =>
      campaigns.create({ ...input, at: input.at ? parseBeijing(input.at) : undefined }),
    'campaigns.get': async (input) => campaigns.detail(input.id),
    'campaigns.send': async (input) => {
      const { started, wait } = campaigns.send(input.id);
      // The run reports through events; its end is not awaited by the caller.
      wait.catch(() => undefined);
      return started;
    },
    'campaigns.pause': async (input) => campaigns.pause(input.id),
    'campaigns.cancel': async (input) => campaigns.cancel(input.id),
    'campaigns.resend': async (input) => campaigns.resend(input.id, input.which),
    'campaigns.markSent': async (input) => ({ updated: campaigns.markUnknownSent(input.id) }),
    'campaigns.checkUnknown': (input) => campaigns.checkUnknown(input.id),
    'campaigns.messages': async (input) => campaigns.messages(input.id, { state: input.state, statusCode: input.statusCode, search: input.search }, input.offset, input.limit),
    'campaigns.export': async (input) => {
      const { path: _path, ...ready } = await core.exports.campaign(core.db, input.id, input.format);
      return ready;
    },
    'exports.save': async (input) => {
      const from = core.exports.pathOf(input.downloadId);
      // The dialog proposes the export's readable name, not its random id.
      const to = core.platform.dialogs ? await core.platform.dialogs.saveFile(input.filename ?? input.downloadId) : null;
      if (to) copyFileSync(from, to);
      return { saved: to };
    },
    'messages.history': async (input) => campaigns.history(input.id),
    'receipts.recent': async (input) => overview.receipts(input.limit),
    'receipts.poll': async (input) => core.poller.drain(input.accountId),
    'receiver.status': async () => ({ running: core.receiver.info().port > 0, ...core.receiver.info() }),
    'receiver.start': async (input) => ({ running: true, ...(await core.receiver.start(input)) }),
    'receiver.stop': async () => {
      await core.receiver.stop();
      return { running: false, ...core.receiver.info() };
    },
    'replies.recent': async (input) => overview.replies(input.limit),
    'replies.optoutWords': async (input) => (input.words ? core.receipts.setOptoutWords(input.words) : core.receipts.optoutWords()),
  };
}
