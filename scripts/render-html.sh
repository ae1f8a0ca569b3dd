#!/usr/bin/env bash
# Renders an html report to a PNG with headless Chromium, to check its layout by eye.
# Not part of `cargo test`. Installs Debian's chromium if it is missing.
#   scripts/render-html.sh report.html [out.png] [width]
set -euo pipefail
in=${1:?usage: scripts/render-html.sh REPORT.html [OUT.png] [WIDTH]}
out=${2:-${in%.html}.png}
width=${3:-1100}
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="$width,2400" \
  --screenshot="$(realpath -m "$out")" "file://$(realpath "$in")" 2>/dev/null
echo "wrote $out"
