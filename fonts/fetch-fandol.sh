#!/bin/sh
# fetch-fandol.sh — puts the Fandol faces xxgk uses (FandolFang for 仿宋,
# FandolKai for 楷体) into fonts/fandol/ of
# this source tree, where every xxgk built from it looks for them (and
# `cmake --install` copies them next to the program's data).
#
# Debian ships them only in texlive-lang-chinese, whose install pulls TeX
# Live in (21 packages, 266 MB installed, 104 MB downloaded on a Debian 12
# with the Quick start's other packages) and still leaves them where
# fontconfig does not look.  Only the package is downloaded here (49 MB, no
# root needed, nothing installed) and two files taken out of it (15 MB);
# their digests are checked, since the PDF's bytes depend on them.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
dest=$src/fonts/fandol
sums=$src/fonts/fandol.sha256
if [ -d "$dest" ] && (cd "$dest" && sha256sum -c --quiet "$sums" >/dev/null 2>&1); then
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download texlive-lang-chinese >/dev/null 2>"$work/err") || {
    cat "$work/err" >&2
    echo "fetch-fandol.sh: apt-get download texlive-lang-chinese failed (is apt-get update done?)" >&2
    exit 1
}
dir=./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
files=$(awk '{print $2}' "$sums")
members=
for f in $files; do members="$members $dir/$f"; done
# shellcheck disable=SC2086 # the member names have no blanks
dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb | tar -x -C "$work" $members
(cd "$work/$dir" && sha256sum -c --quiet "$sums") || {
    echo "fetch-fandol.sh: the Fandol faces of this texlive-lang-chinese differ from fonts/fandol.sha256" >&2
    exit 1
}
mkdir -p "$dest"
for f in $files; do
    cp "$work/$dir/$f" "$dest/$f.tmp" && mv "$dest/$f.tmp" "$dest/$f"
done
echo "fonts/fandol:" $files
