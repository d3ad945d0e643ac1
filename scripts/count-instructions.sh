#!/usr/bin/env bash
# Instructions a build executes, counted by callgrind: a figure that does
# not move with the machine's load (wall times here vary by a third within
# minutes), for comparing two binaries or a change before and after.
#
# Usage: scripts/count-instructions.sh [DOCS] [BINARY...]
#   DOCS     size of the grown academicpages-2025 copy (default 1000; 0 is the
#            site itself)
#   BINARY   hyde binaries to count (default target/release/hyde)
# For each binary: the instructions of `hyde build --disable-disk-cache` (the
# main process; the Sass worker process is counted on its own line, from the
# site's main.scss), and the ten functions with the most instructions of
# their own. Needs valgrind (apt-get install valgrind) and ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${1:-1000}"
shift || true
bins=("$@")
[ ${#bins[@]} -eq 0 ] && bins=(target/release/hyde)
shared="$(cd .. && pwd)/shared"
src="$shared/corpus/academicpages-2025/site"
[ -d "$src" ] || { echo "skipped: $src absent"; exit 0; }
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)"; exit 1; }
work="${TMPDIR:-/tmp}/hyde-count"
mkdir -p "$work"
site="$work/site-$docs"
if [ ! -d "$site" ]; then
  if [ "$docs" = 0 ]; then
    cp -r "$src" "$site"
  else
    "$shared/tools/grow-site" "$src" "$site" "$docs" >/dev/null
  fi
fi
# the Sass job a build hands its worker: main.scss without its front matter
job="$work/sass-job.json"
python3 - "$site" "$job" <<'EOF'
import json, sys
site, out = sys.argv[1], sys.argv[2]
text = open(f"{site}/assets/css/main.scss").read().split("---", 2)[2]
json.dump({"compressed": False, "indented": False,
           "load_paths": [f"{site}/_sass"], "source": text}, open(out, "w"))
EOF
for bin in "${bins[@]}"; do
  bin="$(realpath "$bin")"
  out="$work/callgrind.$$.out"
  (cd "$site" && valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$bin" build --disable-disk-cache -q -d "$work/dest" 2>"$work/vg.log" >/dev/null)
  total=$(grep -o 'Collected : [0-9]*' "$work/vg.log" | awk '{print $3}')
  HYDE_INTERNAL_SASS_WORKER=1 valgrind --tool=callgrind --callgrind-out-file="$out.sass" \
    "$bin" <"$job" 2>"$work/vg-sass.log" >/dev/null
  sass=$(grep -o 'Collected : [0-9]*' "$work/vg-sass.log" | awk '{print $3}')
  printf '%s\n  build (main process): %s instructions\n  Sass worker (main.scss): %s instructions\n' \
    "$bin" "$total" "$sass"
  callgrind_annotate "$out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n '2,11p' |
    sed -E 's#/root/.cargo/registry/src/[^/]+/##; s#/rustc/[0-9a-f]+/library/##; s# \[[^]]*\]$##' |
    cut -c1-150 | sed 's/^/    /'
  rm -f "$out" "$out.sass"
done
