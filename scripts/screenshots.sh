#!/usr/bin/env bash
# Renders /, a publication and the publications list in headless Chromium at
# 1280 and 390 px wide, light and dark, into target/screenshots/.
# The site is built with Jekyll (or hyde: SITE_BUILD="hyde build") into
# target/screenshot-site and served with python3 -m http.server.
# Needs: chromium (apt-get install -y chromium), python3, jekyll or hyde.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/target/screenshots"
site="$root/target/screenshot-site"
port="${PORT:-4807}"
build="${SITE_BUILD:-jekyll build --quiet}"
chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$chrome" ]; then
  echo "screenshots: chromium not found (apt-get install -y chromium)" >&2
  exit 1
fi

mkdir -p "$out"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$root/scripts/site-files.sh" "$work/src"
rm -rf "$site"
(cd "$work/src" && $build --source "$work/src" --destination "$site")
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
  sleep 0.1
done

publication="$(cd "$site" && find publications -mindepth 2 -name index.html | sort | tail -n1 | sed 's/index.html$//')"
pages=("home=/" "publication=/$publication" "publications=/publications/")
for entry in "${pages[@]}"; do
  name="${entry%%=*}"
  path="${entry#*=}"
  for width in 1280 390; do
    height=$([ "$width" = 390 ] && echo 1700 || echo 1100)
    for scheme in light dark; do
      flags=()
      [ "$scheme" = dark ] && flags+=(--force-dark-mode --blink-settings=preferredColorScheme=0)
      "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$work/profile" "${flags[@]}" \
        --window-size="$width,$height" --screenshot="$out/$name-$width-$scheme.png" \
        "http://127.0.0.1:$port$path" >/dev/null 2>&1
      echo "screenshots: $out/$name-$width-$scheme.png"
    done
  done
done
