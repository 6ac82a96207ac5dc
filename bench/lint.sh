#!/usr/bin/env bash
# bench/lint.sh — lint the benchmark harness: pyflakes over every module and test of bench/, a syntax check of
# the scripts/bench* launchers, and no absolute path of one machine in either.
#
# Needs pyflakes for the python3 on PATH (PyPI package `pyflakes`, no dependencies):
#     python3 -m pip install pyflakes
# Exit status: 0 clean, 1 findings, 2 pyflakes missing. Run from anywhere; CI calls it from scripts/lint.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! python3 -m pyflakes --version > /dev/null 2>&1; then
    echo "bench/lint.sh: pyflakes is missing for $(command -v python3): python3 -m pip install pyflakes" >&2
    exit 2
fi
status=0
python3 -m pyflakes bench || status=1
for script in scripts/bench scripts/bench-drift scripts/bench-history; do
    bash -n "$script" || status=1
done
# Data locations come from TANDEM_BENCH_DATA / TANDEM_REALDATA (documented defaults under /var/tmp and
# ../shared), never from one machine's home or work folders.
if grep -nE '/(work|root|home)/' bench/*.py bench/*.sh scripts/bench scripts/bench-drift scripts/bench-history; then
    echo "bench/lint.sh: absolute machine paths above (use TANDEM_BENCH_DATA or TANDEM_REALDATA)" >&2
    status=1
fi
# No Python hidden in the launchers' heredocs.
if grep -nE '<<-?[[:space:]]*'"'"'?PY' scripts/bench scripts/bench-drift scripts/bench-history; then
    echo "bench/lint.sh: Python in a shell heredoc above: move it into bench/" >&2
    status=1
fi
if ((status == 0)); then echo "bench/lint.sh: clean"; fi
exit "$status"
