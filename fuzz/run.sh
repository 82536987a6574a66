#!/usr/bin/env bash
# Fuzzes the whole generator for a while: `fuzz/run.sh [seconds]` (default 600).
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The corpus is
# seeded with this project's fixtures and, when it is there, ../shared/corpus; neither is
# committed here. A crash is left in fuzz/artifacts/generate/: minimise it with
# `cargo +nightly fuzz tmin generate <file>` and move the result to fuzz/regressions/,
# where `cargo test -p codegen --test fuzz_regressions` replays it for good.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
corpus=fuzz/corpus/generate
mkdir -p "$corpus"
for seed in tests/fixtures/*.yaml tests/fixtures/*/*.yaml tests/fixtures/*/*.json \
    fuzz/regressions/* ../shared/corpus/*.json ../shared/corpus/*.yaml; do
    [ -f "$seed" ] && cp -n "$seed" "$corpus/$(basename "$seed")"
done
# Safe Rust: no sanitizer, for about twice the executions; inputs up to 64 KiB (the big
# seeds still count for their first 64 KiB, the fixtures whole).
cargo +nightly fuzz run --sanitizer none generate "$corpus" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
    -dict=fuzz/openapi.dict -print_final_stats=1
