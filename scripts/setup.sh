#!/usr/bin/env bash
# One-time (idempotent) set-up from a fresh clone: system programs, npm packages, build.
# Safe to re-run; skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# System programs the engines use (Debian/Ubuntu). Installed only when missing and we can.
APT_PKGS=(apertium apertium-eng-spa apertium-fr-es espeak-ng tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa
  libpocketsphinx3 pocketsphinx-en-us pocketsphinx-testdata chromium xvfb sox imagemagick fonts-dejavu-core festival festvox-kallpc16k
  flite festvox-kdlpc16k festvox-us-slt-hts pocketsphinx)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  if [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages: ${missing[*]}" >&2
  fi
fi

# npm packages. The Electron binary is fetched separately below so that a machine
# without access to GitHub still installs everything else.
stamp=.setup-stamp
want="$(sha1sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules ] || [ "$(cat $stamp 2>/dev/null)" != "$want" ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > $stamp
fi
if [ ! -f node_modules/electron/path.txt ]; then
  if [ -z "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ] && timeout 120 node node_modules/electron/install.js >/dev/null 2>&1; then
    echo "setup: Electron binary installed"
  else
    echo "setup: Electron binary not available here (no access to its download); 'npm start' will open Mamba in your browser instead."
  fi
fi

# libvosk (Vosk speech recogniser) from the npm package vosk@0.3.39: only its prebuilt library is used
# (its ffi-napi binding does not build on Node 20), loaded with koffi. Extracted into .cache/vosk/lib.
if [ ! -e .cache/vosk/lib ]; then
  mkdir -p .cache/vosk
  if (cd .cache/vosk && npm pack vosk@0.3.39 --silent >/dev/null 2>&1 && tar -xzf vosk-0.3.39.tgz --strip-components=1 package/lib && rm -f vosk-0.3.39.tgz); then
    echo "setup: libvosk installed in .cache/vosk/lib"
  else
    echo "setup: libvosk not available (npm pack vosk failed); speech uses PocketSphinx"
  fi
fi

npm run --silent build
echo "setup: done"
