#!/usr/bin/env bash
# Fetches the JDK's own Java sources (Debian package openjdk-17-source, src.zip) into DIR for the
# source benchmark. It downloads the package without installing it, so the machine's JDK is untouched.
set -euo pipefail
dir=${1:?usage: fetch-jdk-src.sh DIR}
if [ -d "$dir/java.base" ]; then exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && { apt-get download openjdk-17-source >/dev/null 2>&1 || { apt-get update -qq && apt-get download openjdk-17-source >/dev/null; }; } )
dpkg-deb -x "$tmp"/openjdk-17-source_*.deb "$tmp/x"
mkdir -p "$dir"
unzip -q -o "$(find "$tmp/x" -name src.zip | head -1)" -d "$dir"
echo "jdk sources in $dir: $(find "$dir" -name '*.java' | wc -l) files, $(du -sh "$dir" | cut -f1)"
