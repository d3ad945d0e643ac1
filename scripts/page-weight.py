#!/usr/bin/env python3
"""page-weight.py SITE_DIR: what a visitor downloads for the home page, a
publication and the publications list (HTML, CSS, JS, fonts, images, and the
number of requests, third-party ones counted apart)."""
import gzip, os, re, sys


def size(site, url):
    p = os.path.join(site, url.split("#")[0].split("?")[0].lstrip("/"))
    if os.path.isdir(p):
        p = os.path.join(p, "index.html")
    return os.path.getsize(p) if os.path.isfile(p) else 0


def gz(path):
    return len(gzip.compress(open(path, "rb").read(), 9))


def main():
    site = sys.argv[1]
    pubs = sorted(d for d in os.listdir(os.path.join(site, "publications")) if os.path.isdir(os.path.join(site, "publications", d)))
    pages = ["index.html", f"publications/{pubs[-1]}/index.html", "publications/index.html"]
    for page in pages:
        path = os.path.join(site, page)
        html = open(path, encoding="utf-8").read()
        refs = re.findall(r'<link[^>]+rel="(stylesheet|icon)"[^>]*href="([^"]+)"', html)
        refs = [("css" if r == "stylesheet" else "img", u) for r, u in refs]
        refs += [("js", u) for u in re.findall(r'<script[^>]+src="([^"]+)"', html)]
        refs += [("img", u) for u in re.findall(r'<img[^>]+src="([^"]+)"', html)]
        third = [u for _, u in refs if "://" in u]
        kinds = {"css": 0, "js": 0, "img": 0}
        for k, u in refs:
            if "://" not in u:
                kinds[k] += size(site, u)
        print(f"weight: /{page.replace('index.html', '')}: HTML {os.path.getsize(path)} B ({gz(path)} B gzip), "
              f"CSS {kinds['css']} B, JS {kinds['js']} B, images {kinds['img']} B, fonts 0 B, "
              f"{1 + len(refs)} requests ({len(third)} third-party)")
    css = os.path.join(site, "assets/css/main.css")
    js = os.path.join(site, "assets/js/main.js")
    print(f"weight: main.css {os.path.getsize(css)} B ({gz(css)} B gzip), main.js {os.path.getsize(js)} B ({gz(js)} B gzip)")


if __name__ == "__main__":
    main()
