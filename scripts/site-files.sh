#!/usr/bin/env bash
# Copies the site part of this repository (what Jekyll or hyde reads: no Rust
# project, no build output, no git metadata) into the folder $1.
# Used by regen-expected.sh, screenshots.sh and axe.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$1"
mkdir -p "$dest"
cd "$root"
shopt -s dotglob nullglob
for entry in *; do
  case "$entry" in
    .git | .github | .ci | .gitignore | .jekyll-cache | .hyde-cache | .sass-cache | _site | target | src | tests | benches | examples | scripts | docs | node_modules | Cargo.toml | Cargo.lock | pyproject.toml | build.rs | README.md | LICENSE | CHANGELOG.md | CONTRIBUTING.md | rustfmt.toml | clippy.toml | deny.toml | rust-toolchain.toml)
      continue ;;
  esac
  cp -a "$entry" "$dest/"
done
