#!/usr/bin/env python3
"""check-links.py SITE_DIR [BASEURL]

Checks that every internal link, image, stylesheet and script in the HTML of
a built site resolves to a file of that site. BASEURL (e.g. /site) is the
sub-path the site was built for; links must start with it. Prints each broken
link and exits 1 if there is any.
"""
import os, re, sys
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote

ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        name = ATTRS.get(tag)
        if name and a.get(name) is not None:
            self.refs.append(a[name])
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            m = re.search(r"url=(.*)", a.get("content") or "", re.I)
            if m:
                self.refs.append(m.group(1).strip())


def target(site, path):
    p = os.path.join(site, unquote(path).lstrip("/"))
    for c in (p, os.path.join(p, "index.html"), p + ".html"):
        if os.path.isfile(c):
            return c
    return None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    site = sys.argv[1]
    base = (sys.argv[2] if len(sys.argv) > 2 else "").rstrip("/")
    parsed, broken, checked = {}, [], 0

    def parse(f):
        if f not in parsed:
            p = Refs()
            p.feed(open(f, encoding="utf-8", errors="replace").read())
            parsed[f] = p
        return parsed[f]

    for d, _, files in os.walk(site):
        for n in files:
            if not n.endswith(".html"):
                continue
            f = os.path.join(d, n)
            page_url = "/" + os.path.relpath(f, site).replace(os.sep, "/")
            for ref in parse(f).refs:
                u = urlsplit(ref)
                if u.scheme or u.netloc or ref.startswith(("mailto:", "tel:", "data:", "javascript:")):
                    continue
                checked += 1
                if not u.path:
                    tgt = f
                else:
                    path = u.path if u.path.startswith("/") else os.path.normpath(os.path.join(os.path.dirname(page_url), u.path))
                    if base and not (path == base or path.startswith(base + "/")):
                        broken.append(f"{page_url}: {ref} (outside {base})")
                        continue
                    tgt = target(site, path[len(base):])
                if tgt is None:
                    broken.append(f"{page_url}: {ref}")
                elif u.fragment and tgt.endswith(".html") and unquote(u.fragment) not in parse(tgt).ids:
                    broken.append(f"{page_url}: {ref} (no id {u.fragment})")
    for b in broken:
        print("broken:", b)
    print(f"check-links: {checked} internal references, {len(broken)} broken")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
