#!/usr/bin/env bash
# One command on a fresh machine: install, then build the sample site with its PDFs into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
python3 build.py
