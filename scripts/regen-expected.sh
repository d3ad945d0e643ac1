#!/usr/bin/env bash
# Rebuilds tests/fixtures/self-site/expected (and expected-baseurl, the same
# site built with --baseurl /site) with Jekyll, the way ../shared/corpus was
# made: a copy holding only the site files, every file's time set to
# 2026-01-01T00:00:00Z, the clock frozen at that instant, TZ=UTC.
# Run it after changing the theme or the content, and commit the result.
#
# Needs Debian's jekyll (with ruby-jekyll-feed, -sitemap, -redirect-from) and
# faketime:
#   apt-get install -y jekyll ruby-jekyll-feed ruby-jekyll-sitemap \
#     ruby-jekyll-redirect-from faketime
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="$root/tests/fixtures/self-site"
epoch=1767225600
faketime_lib="$(dpkg -L libfaketime 2>/dev/null | grep 'libfaketimeMT.so.1$' | head -n1 || true)"
if [ -z "$faketime_lib" ]; then
  echo "regen-expected: libfaketime not found (apt-get install faketime)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/scripts/site-files.sh" "$work/site"

build() { # build OUT [jekyll args...]
  local out="$1"
  shift
  rm -rf "$out"
  (
    cd "$work/site"
    find . -exec touch -h -d "@$epoch" {} +
    rm -rf .jekyll-cache
    NO_FAKE_STAT=1 TZ=UTC FAKETIME="2026-01-01 00:00:00" LD_PRELOAD="$faketime_lib" \
      jekyll build --quiet -d "$out" "$@"
    rm -rf .jekyll-cache
  )
}

build "$fixtures/expected"
build "$fixtures/expected-baseurl" --baseurl /site
echo "regen-expected: wrote $(find "$fixtures/expected" -type f | wc -l) files to tests/fixtures/self-site/expected and expected-baseurl"
