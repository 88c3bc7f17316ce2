// A sending process for the crash test: opens the core on a data folder (which recovers
// whatever a killed predecessor left) and sends one campaign to its end.
require('tsx/cjs/api').register();
const { createCore } = require('../../src/main/core/core.ts');
const { nodePlatform } = require('../../src/main/core/node-platform.ts');

const [dataDir, campaignId] = process.argv.slice(2);
const core = createCore({ dataDir, platform: nodePlatform(dataDir), engine: { backoff: { baseMs: 5, maxMs: 20 } } });
core.campaigns
  .send(Number(campaignId))
  .wait.then(async (end) => {
    process.stdout.write(JSON.stringify(end) + '\n');
    await core.close();
  })
  .catch((err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    process.exitCode = 1;
  });
