#!/usr/bin/env bash
# Installs what unspin needs to build and test, from Debian 12 packages (run as root).
set -euo pipefail
packages=(
  g++ cmake make            # toolchain
  libicu-dev                # tokenizing, normalization, case mapping, UTF-8 checks
  libcli11-dev              # command line
  nlohmann-json3-dev        # JSON reports
  libgtest-dev              # tests
  libxml2-dev               # HTML entity names
  libsphinxbase-dev         # reads the English n-gram language model
  pocketsphinx-en-us        # the English trigram language model (en-us.lm.bin)
  wordnet-base mythes-en-us # thesaurus data scripts (scripts/make_thesaurus.py)
  python3                   # corpus test and data scripts
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
