// Run as a separate process by hidden-list.test.ts: starts an import into a new list and
// says "running" at its first progress event and "writing" at its first while the rows
// go into the list, so the test can kill it mid-import.
import { ContactService } from '../../src/main/contacts/service';
import { CoreEvents } from '../../src/main/core/events';
import { openDatabase } from '../../src/main/db/open';

const [dbFile, dataDir, csv] = process.argv.slice(2);
const events = new CoreEvents();
const contacts = new ContactService(openDatabase(dbFile), { events, dataDir });
events.on('import.progress', (p) => {
  if (p.state === 'running') process.stdout.write(p.written ? 'writing\n' : 'running\n');
});
contacts.startImport(csv, { newListName: '中断', hasHeader: true, mobileColumn: 1 });
