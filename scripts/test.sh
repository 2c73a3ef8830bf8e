#!/usr/bin/env bash
# The test command: set up (idempotent), type-check, run every jest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.json --noEmit
npx jest "$@"
