#!/usr/bin/env bash
# One command on a fresh machine: install everything the tests need, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
ruff check .
ruff format --check .
mypy
python3 -m pytest "$@"
