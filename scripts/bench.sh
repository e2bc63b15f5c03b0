#!/usr/bin/env bash
# Whole-process benchmark (docs/performance.md): lfc build, check and
# build --split on the benchmark stack of 10, 100, 1000 and 10,000 functions,
# with SAM's translator (aws-sam-translator 1.115.0, in a venv under /tmp) on
# the equivalent SAM template and cfn-lint on lfc's split output, in one run.
#
#   bash scripts/bench.sh [SIZES]        # default 10,100,1000,10000
#
# Environment: CFN_LINT (default .venv/bin/cfn-lint), LINT_MAX (largest size
# cfn-lint runs on, default 1000: it needs minutes per 1000 functions),
# SAM_MAX (default 10000), RUNS (default 11), SAM_VENV (default /tmp/lfc-bench-sam).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-10,100,1000,10000}
dir=${BENCH_DIR:-/tmp/lfc-bench}
mkdir -p "$dir"

cargo build --release --locked --quiet
target=${CARGO_TARGET_DIR:-target}
# The stack generator lives in the stage benchmark (benches/common/mod.rs).
cargo bench --locked --quiet --bench compile -- --write "$dir" >/dev/null

venv=${SAM_VENV:-/tmp/lfc-bench-sam}
if ! "$venv/bin/python" -c "import samtranslator" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "aws-sam-translator==1.115.0"
fi
cfn_lint=${CFN_LINT:-.venv/bin/cfn-lint}

python3 scripts/bench.py --lfc "$target/release/lfc" --dir "$dir" --sizes "$sizes" \
  --python "$venv/bin/python" --cfn-lint "$cfn_lint" \
  --lint-max "${LINT_MAX:-1000}" --sam-max "${SAM_MAX:-10000}" --runs "${RUNS:-11}"
