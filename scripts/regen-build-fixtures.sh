#!/usr/bin/env bash
# Rebuilds tests/fixtures/build/<case>/expected with Jekyll 4.3.1, the way
# ../shared/corpus was made: a copy of the case's src/ with every file's time
# set to 2026-01-01T00:00:00Z, the clock frozen at that instant, TZ=UTC.
#
# Per case (all optional):
#   case.src    name of another case whose src/ this case builds
#   case.args   extra `jekyll build` flags, one line (e.g. --drafts --future);
#               --config paths are relative to the site folder
#   case.env    VAR=value lines exported for the build (e.g. JEKYLL_ENV)
#   predest/    copied into the destination before the build (keep_files)
#   case.mtimes `PATH EPOCH` lines: input files given another modification time
#   case.git-origin  the site folder is made a git checkout whose `origin`
#               remote is this URL (jekyll-github-metadata reads it)
#   case.profile  `github-pages`: built by ../shared/tools/jekyll-pages (Jekyll
#               with the github-pages gem's configuration and plugins) instead
#               of plain Jekyll; hyde's test builds it with the same --profile.
#               `auto:github-pages` / `auto:jekyll`: the same references, but
#               hyde's test gives no --profile (the site's Gemfile decides)
#
# Usage: scripts/regen-build-fixtures.sh [CASE...]   (default: every case)
# Needs Debian's jekyll, ruby-jekyll-{feed,sitemap,redirect-from,paginate,gist}
# and faketime; github-pages cases also ../shared/tools/jekyll-pages and the
# plugins it names (see ../shared/corpus/README.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="$root/tests/fixtures/build"
epoch=1767225600
faketime_lib="$(dpkg -L libfaketime 2>/dev/null | grep 'libfaketimeMT.so.1$' | head -n1 || true)"
if [ -z "$faketime_lib" ]; then
  echo "regen-build-fixtures: libfaketime not found (apt-get install faketime)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ "$#" -eq 0 ]; then
  set -- $(cd "$cases" && ls -d */ | tr -d /)
fi
for name in "$@"; do
  dir="$cases/$name"
  srcname="$name"
  [ -f "$dir/case.src" ] && srcname="$(tr -d '[:space:]' <"$dir/case.src")"
  rm -rf "$work/site" "$work/out"
  cp -a "$cases/$srcname/src" "$work/site"
  mkdir -p "$work/out"
  [ -d "$dir/predest" ] && cp -a "$dir/predest/." "$work/out/"
  args=()
  [ -f "$dir/case.args" ] && read -r -a args <"$dir/case.args"
  envs=()
  [ -f "$dir/case.env" ] && mapfile -t envs <"$dir/case.env"
  jekyll=jekyll
  profile=""
  if [ -f "$dir/case.profile" ]; then profile="$(tr -d '[:space:]' <"$dir/case.profile")"; fi
  if [ "${profile#auto:}" = github-pages ]; then
    jekyll="$root/../shared/tools/jekyll-pages"
  fi
  (
    cd "$work/site"
    if [ -f "$dir/case.git-origin" ]; then
      git init -q . && git remote add origin "$(cat "$dir/case.git-origin")"
    fi
    find . "$work/out" -exec touch -h -d "@$epoch" {} +
    if [ -f "$dir/case.mtimes" ]; then
      while read -r p t; do [ -n "$p" ] && touch -h -d "@$t" "$p"; done <"$dir/case.mtimes"
    fi
    env ${envs[@]+"${envs[@]}"} NO_FAKE_STAT=1 TZ=UTC FAKETIME="2026-01-01 00:00:00" \
      LD_PRELOAD="$faketime_lib" \
      $jekyll build -d "$work/out" ${args[@]+"${args[@]}"} >"$work/log" 2>&1 || {
      cat "$work/log" >&2
      echo "regen-build-fixtures: jekyll failed on $name" >&2
      exit 1
    }
  )
  rm -rf "$dir/expected"
  cp -a "$work/out" "$dir/expected"
  # What Jekyll printed, minus the timing and the machine's paths.
  sed -e "s#$work/site#SRC#g; s#$work/out#DEST#g; s/done in [0-9.]* seconds/done/" \
    "$work/log" >"$dir/jekyll.log"
  echo "regen-build-fixtures: $name ($(find "$dir/expected" -type f | wc -l) files)"
done
