#!/usr/bin/env bash
# Runs axe-core in headless Chromium on /, a publication and the publications
# list, light and dark, and prints the violations and the page weights.
# Exit status 1 if axe reports any violation.
# Needs: chromium, node/npm (axe-core is installed under target/axe, never
# committed), python3, jekyll or hyde (SITE_BUILD="hyde build").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
site="$root/target/axe-site"
port="${PORT:-4808}"
build="${SITE_BUILD:-jekyll build --quiet}"
chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$chrome" ]; then
  echo "axe: chromium not found (apt-get install -y chromium)" >&2
  exit 1
fi
axe_dir="$root/target/axe"
if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
  mkdir -p "$axe_dir"
  (cd "$axe_dir" && npm install --silent --no-audit --no-fund --no-save axe-core@4 >/dev/null)
fi

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
python3 "$root/scripts/page-weight.py" "$site"

cp "$axe_dir/node_modules/axe-core/axe.min.js" "$site/__axe.min.js"
publication="$(cd "$site" && find publications -mindepth 2 -name index.html | sort | tail -n1)"
pages=("home=index.html" "publication=$publication" "publications=publications/index.html")
for entry in "${pages[@]}"; do
  name="${entry%%=*}"
  file="${entry#*=}"
  # An instrumented copy next to the page: axe runs after load and writes
  # its violations into <pre id="axe-out">.
  python3 - "$site/$file" "$(dirname "$site/$file")/__axe-$name.html" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
probe = """<script src="/__axe.min.js"></script><script>
window.addEventListener("load", function () {
  axe.run(document).then(function (r) {
    var out = r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(" ") + " :: " + n.failureSummary; })};
    });
    var pre = document.createElement("pre");
    pre.id = "axe-out";
    pre.textContent = "AXE-" + "BEGIN" + JSON.stringify({passes: r.passes.length, bg: getComputedStyle(document.body).backgroundColor, violations: out}) + "AXE-" + "END";
    document.body.appendChild(pre);
  });
});
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</body>", probe + "</body>"))
PY
done
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
  sleep 0.1
done

cat >"$work/report.py" <<'PY'
import html, json, re, sys
m = re.search(r"AXE-BEGIN(.*?)AXE-END", sys.stdin.read(), re.S)
if not m:
    print("  axe did not finish", file=sys.stderr)
    print(1)
    sys.exit()
r = json.loads(html.unescape(m.group(1)))
for v in r["violations"]:
    print("  %s (%s): %s" % (v["id"], v["impact"], v["help"]), file=sys.stderr)
    for node in v["nodes"][:5]:
        print("      " + node, file=sys.stderr)
print("  %d rules passed, page background %s" % (r["passes"], r["bg"]), file=sys.stderr)
print(len(r["violations"]))
PY
total=0
for entry in "${pages[@]}"; do
  name="${entry%%=*}"
  file="${entry#*=}"
  url="http://127.0.0.1:$port/$(dirname "$file")/__axe-$name.html"
  url="${url/\/.\//\/}"
  for scheme in light dark; do
    flags=()
    [ "$scheme" = dark ] && flags+=(--force-dark-mode --blink-settings=preferredColorScheme=0)
    dom="$("$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/profile" "${flags[@]}" --window-size=1280,1000 \
      --virtual-time-budget=20000 --dump-dom "$url" 2>/dev/null)"
    n="$(printf '%s' "$dom" | python3 "$work/report.py")"
    echo "axe: $name ($scheme): $n violations"
    total=$((total + n))
  done
done
echo "axe: $total violations in total"

# The light/dark switch, driven over the DevTools protocol.
cdp_port="${CHROME_PORT:-9333}"
"$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile-cdp" --remote-debugging-port="$cdp_port" about:blank >/dev/null 2>&1 &
chrome_pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$cdp_port/json/version" >/dev/null 2>&1 && break
  sleep 0.1
done
toggle=0
CHROME_PORT="$cdp_port" node --experimental-websocket --no-warnings "$root/scripts/toggle-check.js" "http://127.0.0.1:$port/" || toggle=1
kill "$chrome_pid" 2>/dev/null || true
wait "$chrome_pid" 2>/dev/null || true
[ "$total" -eq 0 ] && [ "$toggle" -eq 0 ]
