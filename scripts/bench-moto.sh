#!/usr/bin/env bash
# Times the same 1,000-step scenario in moto (in process, through boto3) and through
# `netlab run` (native profile build), and prints both and their ratio. The Python packages
# (pinned in bench/requirements.txt) go into a virtual environment under target/.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/moto-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt
cargo build --profile native -q -p netlab-cli
"$venv/bin/python" bench/moto_compare.py --netlab target/native/netlab "$@"
