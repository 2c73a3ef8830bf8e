#!/usr/bin/env bash
# The test command: set up (idempotent), type-check, run every jest suite, then print one
# plain summary line ("N passed, N failed, N skipped") that CI systems can read.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.json --noEmit
npx tsc -p src/renderer/tsconfig.json --noEmit
mkdir -p reports
status=0
npx jest --json --outputFile=reports/jest-results.json "$@" || status=$?
node -e '
  const r = require("./reports/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
