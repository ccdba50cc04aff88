#!/usr/bin/env bash
# Run every benchmark and write its markdown to bench/out/<name>.md (git ignores bench/out).
# Usage: bench/run_all.sh [python]   -- about 6 minutes on a 2-core machine; ../shared must be present for most.
set -u
cd "$(dirname "$0")/.."
PY=${1:-python}
mkdir -p bench/out
run() { name=$1; shift; echo "== $name: $*" >&2; "$PY" "$@" > "bench/out/$name.md" 2> "bench/out/$name.log" || echo "   $name failed (see bench/out/$name.log)" >&2; }
run corpus bench/corpus_eval.py --markdown
run corpus_rules bench/corpus_eval.py --no-learned --markdown
run golden bench/golden.py --markdown
run holdout bench/golden.py --golden tests/golden_holdout --no-seed --markdown
run case2021 bench/case2021.py --markdown
run acled_notes bench/acled_notes.py --markdown
run acled_places bench/acled_places.py --markdown
run fakes bench/fakes.py --markdown
run fakes_full bench/fakes_full.py --markdown
run geoparse bench/geoparse.py --markdown
run geo_calibration bench/geo_calibration.py --markdown
run re3d bench/re3d.py --markdown
run re3d_test bench/re3d.py --split test --markdown
run sentences bench/sentences.py --markdown
run throughput bench/throughput.py --markdown
run store bench/store_bench.py --articles 1000 --export-events 20000 --markdown   # full size (5,000 / 100,000): ~15 min
run web bench/web_bench.py --events 20000 --markdown   # full size (100,000, as in docs/benchmarks.md): ~4 min
echo "done: bench/out/*.md" >&2
