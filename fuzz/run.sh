#!/usr/bin/env bash
# Fuzzes for a while: `fuzz/run.sh [seconds] [target]` (default 600 s, target `generate`).
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
#
# - `generate`: the whole generator. The corpus is seeded with this project's fixtures
#   and, when it is there, ../shared/corpus; neither is committed here. Minimise a crash
#   (`cargo +nightly fuzz tmin generate <file>`) into fuzz/regressions/, which
#   `cargo test -p codegen --test fuzz_regressions` replays.
# - `respond`: bytes as the raw HTTP reply to every kind of call of a generated client.
#   Seeded with fuzz/respond-regressions/ and a page of the operations fixture's list;
#   minimise a crash into fuzz/respond-regressions/, which
#   `cargo test -p workspace-tests --test response_fuzz` replays.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
target="${2:-generate}"
corpus="fuzz/corpus/$target"
mkdir -p "$corpus"
case "$target" in
generate)
    for seed in tests/fixtures/*.yaml tests/fixtures/*/*.yaml tests/fixtures/*/*.json \
        fuzz/regressions/* ../shared/corpus/*.json ../shared/corpus/*.yaml; do
        [ -f "$seed" ] && cp -n "$seed" "$corpus/$(basename "$seed")"
    done
    dict=(-dict=fuzz/openapi.dict)
    ;;
respond)
    cp -n fuzz/respond-regressions/*.http "$corpus/"
    # A page of the operations fixture's list as the body of a 200 and of a 400.
    for status in "200 OK" "400 Bad Request"; do
        printf 'HTTP/1.1 %s\r\ncontent-type: application/json\r\n\r\n{"records": [{"id": "d1", "name": "n"}], "pageInfo": {"hasNextPage": true, "nextCursor": "c"}}' \
            "$status" > "$corpus/records-${status%% *}.http"
    done
    dict=()
    ;;
*)
    echo "unknown target $target (generate or respond)" >&2
    exit 2
    ;;
esac
# Safe Rust: no sanitizer, for about twice the executions; inputs up to 64 KiB (the big
# seeds still count for their first 64 KiB, the fixtures whole).
cargo +nightly fuzz run --sanitizer none "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
    "${dict[@]}" -print_final_stats=1
