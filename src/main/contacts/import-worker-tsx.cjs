// The import worker's entry when Qunfa runs from its TypeScript sources (the qunfa CLI
// and serve through tsx, the tests): a worker thread starts without the parent's
// loaders, so it registers tsx itself. The built app loads out/main/import-worker.js.
require('tsx/cjs/api').register();
require('./import-worker.ts');
