#!/usr/bin/env bash
# Build benchmarks at scale: hyde against Jekyll 4.3.1 on copies of
# ../shared/corpus/academicpages-2025 grown by ../shared/tools/grow-site to
# 1,000, 4,000 and 10,000 documents, and on the site itself.
#
# Per site and command: wall time (median of ROUNDS rounds; in each round the
# commands run one after the other, so every ratio compares runs made side by
# side; hyperfine times hyde's runs) and peak RSS (/usr/bin/time -f %M).
#   hyde nocache   hyde build --profile jekyll --disable-disk-cache
#   hyde cold      hyde build --profile jekyll, its cache folder emptied first
#   hyde warm      hyde build --profile jekyll, after a build filled the cache
#   jekyll nocache jekyll build --disable-disk-cache
#   jekyll warm    jekyll build, after a build filled .jekyll-cache
#
# Usage: scripts/bench-build.sh [SIZES...]      (default: 0 1000 4000 10000;
#        0 is academicpages-2025 as it is)
# Each tool builds into a destination of its own that is kept from run to
# run, as `jekyll build` and `jekyll serve` find their _site (and as Jekyll
# does, hyde rewrites only what changed). FRESH_DEST=1 deletes it before
# every run instead: on this machine kind the kernel then spends 0.1-0.4 s
# creating the files of a just-emptied tree (0.05 s -> 0.11 s for hyde warm
# on academicpages-2025), a cost that swamps hyde's and hides in Jekyll's.
# Environment: ROUNDS (default 3), HYDE_RUNS (hyperfine runs per round,
# default 5), JEKYLL_MAX (largest size Jekyll runs at, default 1000: it takes
# minutes beyond), HYDE (the binary, default target/release/hyde).
# Needs hyperfine, GNU time, jekyll (Debian), ../shared.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
hyde="${HYDE:-$root/target/release/hyde}"
rounds="${ROUNDS:-3}"
hyde_runs="${HYDE_RUNS:-5}"
jekyll_max="${JEKYLL_MAX:-1000}"
base="$shared/corpus/academicpages-2025/site"
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-build: $tool is needed" >&2; exit 1; }
done
[ -d "$base" ] || { echo "bench-build: $base absent" >&2; exit 1; }
[ -x "$hyde" ] || { echo "bench-build: build hyde first (cargo build --release)" >&2; exit 1; }
have_jekyll=1
command -v jekyll >/dev/null || { have_jekyll=0; echo "bench-build: no jekyll, hyde only" >&2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(0 1000 4000 10000)

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# one timed run of "$@" in $site: prints "seconds kilobytes"
timed() {
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
  tail -n1 "$work/time"
}

# hyperfine's median for a command line, in seconds
hf() {
  local prepare="$1" cmd="$2" json="$work/hf.json"
  hyperfine -N --style none --runs "$hyde_runs" --prepare "$prepare" --export-json "$json" "$cmd" >/dev/null 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
}

printf '%-8s %-15s %10s %10s %12s\n' docs command wall_s rss_MB vs_jekyll
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  if [ "$n" = 0 ]; then
    cp -r "$base" "$site"
  else
    "$shared/tools/grow-site" "$base" "$site" "$n" >/dev/null
  fi
  rm -rf "$site/.jekyll-cache"
  dest="$work/out-$n"
  jdest="$work/jekyll-out-$n"
  hb=("$hyde" build --profile jekyll -q -s "$site" -d "$dest")
  jb=(jekyll build -q -s "$site" -d "$jdest")
  # what runs before each timed build: nothing, or emptying the destinations
  clear="true" cold="rm -rf $site/.jekyll-cache/hyde"
  if [ "${FRESH_DEST:-0}" = 1 ]; then
    clear="rm -rf $dest $jdest" cold="$cold $dest $jdest"
  fi
  "${hb[@]}" --disable-disk-cache >/dev/null 2>&1 || true
  run_jekyll=$have_jekyll
  [ "$n" -le "$jekyll_max" ] || run_jekyll=0
  unset wall rss
  declare -A wall=() rss=()
  for _ in $(seq "$rounds"); do
    wall[hyde_nocache]+="$(hf "$clear" "${hb[*]} --disable-disk-cache") "
    wall[hyde_cold]+="$(hf "$cold" "${hb[*]}") "
    "${hb[@]}" >/dev/null 2>&1
    wall[hyde_warm]+="$(hf "$clear" "${hb[*]}") "
    if [ "$run_jekyll" = 1 ]; then
      $clear
      read -r s _ <<<"$(cd "$site" && timed "${jb[@]}" --disable-disk-cache)"
      wall[jekyll_nocache]+="$s "
      (cd "$site" && "${jb[@]}" >/dev/null 2>&1)
      $clear
      read -r s _ <<<"$(cd "$site" && timed "${jb[@]}")"
      wall[jekyll_warm]+="$s "
    fi
  done
  # peak memory, one run each
  $clear; read -r _ rss[hyde_nocache] <<<"$(timed "${hb[@]}" --disable-disk-cache)"
  $cold; read -r _ rss[hyde_cold] <<<"$(timed "${hb[@]}")"
  $clear; read -r _ rss[hyde_warm] <<<"$(timed "${hb[@]}")"
  if [ "$run_jekyll" = 1 ]; then
    $clear; read -r _ rss[jekyll_nocache] <<<"$(cd "$site" && timed "${jb[@]}" --disable-disk-cache)"
    $clear; read -r _ rss[jekyll_warm] <<<"$(cd "$site" && timed "${jb[@]}")"
  fi
  label="$n"; [ "$n" = 0 ] && label="ap-2025"
  for c in hyde_nocache hyde_cold hyde_warm jekyll_nocache jekyll_warm; do
    [ -n "${wall[$c]:-}" ] || continue
    w="$(tr ' ' '\n' <<<"${wall[$c]}" | grep . | median)"
    ratio=""
    case "$c" in
      hyde_nocache|hyde_cold) j="${wall[jekyll_nocache]:-}" ;;
      hyde_warm) j="${wall[jekyll_warm]:-}" ;;
      *) j="" ;;
    esac
    if [ -n "$j" ]; then
      jm="$(tr ' ' '\n' <<<"$j" | grep . | median)"
      ratio="$(awk -v a="$jm" -v b="$w" 'BEGIN {printf "%.1fx", a / b}')"
    fi
    printf '%-8s %-15s %10.3f %10.1f %12s\n' "$label" "${c/_/ }" "$w" "$(awk -v k="${rss[$c]}" 'BEGIN {print k / 1024}')" "$ratio"
  done
  rm -rf "$site" "$dest" "$jdest"
done
