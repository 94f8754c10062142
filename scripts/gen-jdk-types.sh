#!/usr/bin/env bash
# Regenerates scanner/javasrc/jdktypes.txt: the top-level types of the JDK's java.* and javax.*
# packages, one package per line ("pkg Type Type ..."), read from the installed JDK's module image.
# The source frontend uses it to resolve simple names brought in by on-demand imports.
set -euo pipefail
jh=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
out=$(dirname "$0")/../scanner/javasrc/jdktypes.txt
"$jh/bin/jimage" list "$jh/lib/modules" |
  awk '/^Module:/{next} {gsub(/^ +/,""); print}' |
  grep -E '^(java|javax)/.*\.class$' | grep -v '\$' | grep -v 'module-info' | grep -v 'package-info' |
  sed 's/\.class$//' | sort |
  awk -F/ '{ n=$NF; $NF=""; p=$0; gsub(/ +$/,"",p); gsub(/ /,".",p);
             if (p!=cur) { if (cur!="") printf "\n"; printf "%s", p; cur=p } printf " %s", n } END { printf "\n" }' > "$out"
echo "wrote $out ($(wc -l < "$out") packages)"
