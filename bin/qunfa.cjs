#!/usr/bin/env node
// The qunfa command: the CLI on the same core as the app. Runs the TypeScript sources
// through tsx, so a checkout needs no build step for the CLI.
require('tsx/cjs/api').register();
const { main } = require('../src/main/cli/main.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
