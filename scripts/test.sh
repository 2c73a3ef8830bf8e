#!/usr/bin/env bash
# The test command: set up (idempotent), type-check, lint (eslint + the layering rule of
# .dependency-cruiser.cjs: a wrong import fails here), run every jest suite, then list the skipped tests with
# their reason and print one plain summary line ("N passed, N failed, N skipped") that CI systems can read.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.json --noEmit
npx tsc -p src/renderer/tsconfig.json --noEmit
npx eslint .
npx depcruise src --config .dependency-cruiser.cjs
mkdir -p reports
status=0
npx jest --json --outputFile=reports/jest-results.json "$@" || status=$?
node -e '
  const r = require("./reports/jest-results.json");
  const skipped = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "pending" || a.status === "todo")
    .map((a) => ({ file: require("path").relative(process.cwd(), f.name), name: [...a.ancestorTitles, a.title].join(" > ") })));
  if (skipped.length) {
    console.log(`skipped tests (${skipped.length}):`);
    for (const s of skipped) console.log(`  - ${s.file}: ${s.name}`);
  }
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
