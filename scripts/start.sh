#!/usr/bin/env bash
# Set up (idempotent) and run Mamba: the Electron app where its binary exists, otherwise
# (or with --browser / MAMBA_BROWSER=1) the same UI served to your browser by `mamba serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
browser="${MAMBA_BROWSER:-}"
if [ "${1:-}" = "--browser" ]; then browser=1; shift; fi
if [ -f node_modules/electron/path.txt ] && [ -z "$browser" ]; then
  exec npx electron . "$@"
else
  exec node bin/mamba.js serve --open "$@"
fi
