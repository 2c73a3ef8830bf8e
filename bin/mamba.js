#!/usr/bin/env node
'use strict';
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'dist', 'src', 'apps', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write("mamba: not built yet. Run 'npm run setup' in the project folder first.\n");
  process.exit(1);
}
require(entry).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`mamba: ${e && e.message ? e.message : e}\n`); process.exitCode = 1; },
);
