#!/usr/bin/env bash
# Converts workbooks (.xlsx, .ods, .xls) and Word documents (.docx) to PDF with LibreOffice headless, and each PDF page
# to PNG, so a person can look at what Excel or WPS users will print. Not part of `cargo test`.
# Installs Debian's libreoffice-calc (and CJK fonts, and poppler for the PNGs) if missing.
#   scripts/render-office.sh FILE... [--out DIR]   (default DIR: beside each file)
set -euo pipefail
files=()
outdir=
while [ $# -gt 0 ]; do
  case $1 in
    --out) outdir=${2:?--out needs a folder}; shift 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
[ ${#files[@]} -gt 0 ] || { echo "usage: scripts/render-office.sh FILE... [--out DIR]" >&2; exit 2; }
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc fonts-noto-cjk poppler-utils >/dev/null
fi
# A .docx needs LibreOffice's writer as well.
if printf '%s\n' "${files[@]}" | grep -qi '\.docx$' && ! dpkg -s libreoffice-writer >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-writer >/dev/null
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for f in "${files[@]}"; do
  dir=${outdir:-$(dirname "$f")}
  mkdir -p "$dir"
  soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf \
    --outdir "$dir" "$f" >/dev/null 2>&1
  base=$(basename "${f%.*}")
  pdftoppm -png -r 70 "$dir/$base.pdf" "$dir/$base"
  echo "wrote $dir/$base.pdf and $(ls "$dir/$base"*.png | wc -l) PNG page(s)"
done
