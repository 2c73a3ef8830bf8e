#!/usr/bin/env bash
# Set up (idempotent) and run Mamba: the Electron app where its binary exists,
# otherwise the same UI served to your browser (`mamba serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f node_modules/electron/path.txt ] && [ -z "${MAMBA_BROWSER:-}" ]; then
  exec npx electron .
else
  exec node bin/mamba.js serve --open "$@"
fi
