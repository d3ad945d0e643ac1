#!/usr/bin/env bash
# Fuzz hyde for SECONDS (default 3600) with JOBS children (default 1):
# YAML, Markdown, and whole builds of pages, Liquid, Sass and _config.yml.
# A crash or a hang (10 s) is saved in tests/fuzz/regressions/, which
# `cargo test` replays. Usage: scripts/fuzz.sh [SECONDS] [JOBS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}
jobs=${2:-1}
seed=${3:-$(date +%s)}
cargo test --release --test fuzz --no-run
exec cargo test --release --test fuzz -- --seconds "$secs" --jobs "$jobs" --seed "$seed"
