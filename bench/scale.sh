#!/usr/bin/env bash
# Code generation at scale: wall time and peak RSS of a release-built `sqlweave generate` on the
# synthetic 200-table / 1,000-query SQLite project, median of RUNS runs; and the time of a fresh
# `cargo install --path crates/sqlweave-cli` into a scratch target dir (skip with SKIP_INSTALL=1).
# Usage: bench/scale.sh OUT_FILE   (markdown written to OUT_FILE)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-/dev/stdout}"
runs="${RUNS:-7}"
cpu="${BENCH_CPU:-1}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

python3 "$root/../shared/tools/make_scale.py" "$scratch/proj" 200 1000 >/dev/null
cat >"$scratch/proj/sqlweave.toml" <<'TOML'
[[sql]]
engine = "sqlite"
schema = "schema.sql"
queries = "queries.sql"
out = "db.rs"
TOML

(cd "$root" && nice -n 5 cargo build -q --release -p sqlweave-cli)
bin="$root/target/release/sqlweave"

walls=(); rss=()
status=ok
for i in $(seq "$runs"); do
  rm -f "$scratch/proj/db.rs"
  if ! taskset -c "$cpu" /usr/bin/time -v "$bin" generate -f "$scratch/proj/sqlweave.toml" \
      >"$scratch/gen.out" 2>"$scratch/time.txt"; then
    status="failed"
  fi
  w=$(grep 'Elapsed (wall clock)' "$scratch/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  m=$(grep 'Maximum resident set size' "$scratch/time.txt" | awk '{print $NF}')
  walls+=("$w"); rss+=("$m")
done
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
wall_med=$(med "${walls[@]}"); rss_med=$(med "${rss[@]}")
lines=$(wc -l <"$scratch/proj/db.rs" 2>/dev/null || echo 0)

{
  echo "Project: \`python3 "$root/../shared/tools/make_scale.py" DIR 200 1000\` (200 tables, 1,000 queries), engine sqlite."
  echo "Binary: \`cargo build --release -p sqlweave-cli\`, run pinned with \`taskset -c $cpu\`, $runs runs, measured by \`/usr/bin/time -v\`."
  echo
  echo "| | median | all runs |"
  echo "|---|---:|---|"
  echo "| wall time | ${wall_med} s | ${walls[*]} |"
  echo "| peak RSS | $(awk -v k="$rss_med" 'BEGIN{printf "%.1f MiB", k/1024}') | ${rss[*]} (KiB) |"
  echo
  echo "Result: generate ${status}; $(tail -n 3 "$scratch/gen.out" | tr '\n' ' ') ($lines lines of Rust)."
  echo "The fastest peer takes 0.14 s and 47 MiB on this project."
  if [ "$status" != ok ]; then
    echo; echo '```text'; head -c 3000 "$scratch/gen.out"; echo '```'
  fi
} >"$out.tmp"

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  CARGO_TARGET_DIR="$scratch/target" /usr/bin/time -v -o "$scratch/install-time.txt" nice -n 5 cargo install -q --path "$root/crates/sqlweave-cli" --root "$scratch/inst" --locked 2>"$scratch/install.err" || { cat "$scratch/install.err" >&2; echo "cargo install failed" >&2; }
  iw=$(grep 'Elapsed (wall clock)' "$scratch/install-time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  iu=$(grep 'User time' "$scratch/install-time.txt" | awk '{print $NF}')
  is=$(grep 'System time' "$scratch/install-time.txt" | awk '{print $NF}')
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  {
    echo
    echo "Fresh \`cargo install --path crates/sqlweave-cli --locked\` (scratch CARGO_TARGET_DIR, registry already downloaded, \`nice -n 5\`, both cores shared with other builds, load average after: $load): **${iw} s wall**, ${iu} s user + ${is} s system CPU."
  } >>"$out.tmp"
fi
mv "$out.tmp" "$out"
cat "$out"
