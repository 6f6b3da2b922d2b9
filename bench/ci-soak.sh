#!/usr/bin/env bash
# CI: builds the soak harness without any contender (no sqlx/Diesel/SeaORM) and runs its short
# mode (SQLite and, when a server answers at SQLWEAVE_PG_URL, PostgreSQL; with CI=true the
# server is required). Prints one summary line; exits non-zero on a build failure, a failed
# check or a metric that grows.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
start=$(date +%s)
target="${CARGO_TARGET_DIR:-$here/target}"
out="${SOAK_OUT:-$target/soak-ci}"
mkdir -p "$out"
if ! cargo build -q --release --locked -p sqlweave-soak >"$out/build.log" 2>&1; then
  tail -n 30 "$out/build.log" >&2
  echo "soak: FAIL — build failed ($(($(date +%s) - start)) s)"
  exit 1
fi
built=$(date +%s)
extra=()
[ "${CI:-}" = true ] && extra+=(--require-pg)
set +e
"$target/release/sqlweave-soak" --short --out "$out" "${extra[@]}" >"$out/run.log" 2>&1
rc=$?
set -e
line=$(grep '^soak: ' "$out/run.log" | tail -n 1)
[ -n "$line" ] || { tail -n 30 "$out/run.log" >&2; line="soak: FAIL — the harness stopped (exit $rc)"; }
[ "$rc" = 0 ] || cat "$out/summary.txt" >&2 2>/dev/null || true
echo "$line (build $((built - start)) s, total $(($(date +%s) - start)) s; details in $out)"
exit "$rc"
