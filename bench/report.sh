#!/usr/bin/env bash
# Regenerates docs/BENCHMARKS.md: builds the suite, runs the criterion benches RUNS times per
# suite with the client pinned to CPU $BENCH_CPU (and each PostgreSQL backend of the benchmark
# sessions pinned to $BENCH_PG_SERVER_CPU), counts allocations, measures code generation at scale
# and cargo install, runs the soak (with the Diesel contender), then renders the tables and charts. Results go to bench/results/<UTC date>/.
#   RUNS=3 SUITES="sqlite pg" bench/report.sh
#   RENDER_ONLY=1 bench/report.sh [results/DATE]    # re-render from existing results
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$here"
runs="${RUNS:-3}"
suites="${SUITES:-sqlite pg}"
export BENCH_CPU="${BENCH_CPU:-1}"
export BENCH_PG_SERVER_CPU="${BENCH_PG_SERVER_CPU:-0}"
if [ "${RENDER_ONLY:-0}" = 1 ]; then out="${1:-$(ls -d results/*/ | sort | tail -n 1)}"; else out="${1:-results/$(date -u +%F)}"; fi
out="${out%/}"
mkdir -p "$out"
target="${CARGO_TARGET_DIR:-$here/target}"

build() { nice -n 5 cargo build -q --release --benches --bins --offline 2>/dev/null || nice -n 5 cargo build -q --release --benches --bins; }

if [ "${RENDER_ONLY:-0}" != 1 ]; then
  build
  {
    echo "date (UTC):      $(date -u '+%F %T')"
    echo "cpu:             $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores visible)"
    echo "memory:          $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel:          $(uname -sr)"
    echo "rustc:           $(rustc -V)"
    for p in rusqlite libsqlite3-sys tokio-postgres sqlx diesel sea-orm criterion tokio; do
      printf '%-16s %s\n' "$p:" "$(awk -v n="$p" '$0 == "name = \"" n "\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
    done
    echo "postgresql:      $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version' 2>/dev/null || echo unavailable) on 127.0.0.1:5432 (shared service)"
    echo "placement:       client pinned with taskset -c $BENCH_CPU; each benchmark session's PostgreSQL backend"
    echo "                 pinned with taskset -cp $BENCH_PG_SERVER_CPU <pg_backend_pid()>; the postmaster and other"
    echo "                 sessions left alone. The machine is shared with other engineers' builds:"
    echo "                 load average at start $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "criterion:       warm-up 0.5 s, measurement 1.5 s, 20 samples per case; runs per suite: $runs"
  } >"$out/env.txt"
  mkdir -p "$out/soak"
  for suite in $suites; do
    for k in $(seq "$runs"); do
      rm -rf "$target/criterion/${suite}_"*
      echo "== $suite run $k/$runs" >&2
      taskset -c "$BENCH_CPU" cargo bench -q --offline --bench "$suite" >"$out/$suite-run$k.log" 2>&1
      "$target/release/report" collect "$suite" "$out/$suite-run$k.csv"
    done
    echo "== $suite paired" >&2
    taskset -c "$BENCH_CPU" "$target/release/paired" "$suite" "$out/paired-$suite.csv" 2>"$out/paired-$suite.log"
    taskset -c "$BENCH_CPU" "$target/release/allocs" "$suite" "$out/allocs-$suite.csv" >/dev/null
  done
  if [ "${SKIP_SOAK:-0}" != 1 ]; then
    echo "== soak" >&2
    nice -n 5 cargo build -q --release --offline -p sqlweave-soak --features contenders
    taskset -c "$BENCH_CPU" "$target/release/sqlweave-soak" --ops "${SOAK_OPS:-1000000}" --out "$out/soak" >"$out/soak/run.log" 2>&1 || true
  fi
  if [ "${SKIP_SCALE:-0}" != 1 ]; then
    "$here/scale.sh" "$out/scale.txt" >/dev/null
  fi
fi
for f in "$out"/soak/soak-*.svg; do [ -e "$f" ] && cp "$f" "$root/docs/"; done
"$target/release/report" render "$out" "$root/docs/BENCHMARKS.md"
