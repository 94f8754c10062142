#!/usr/bin/env bash
# Replaces the rule table in README.md (between the rules:begin and rules:end markers) with the
# output of `kompat rules markdown` saved in FILE.
set -euo pipefail
table=${1:?usage: update-readme-rules.sh TABLE.md README.md}
readme=${2:?usage: update-readme-rules.sh TABLE.md README.md}
python3 - "$table" "$readme" <<'PY'
import sys, re
table = open(sys.argv[1]).read()
path = sys.argv[2]
text = open(path).read()
new, n = re.subn(r"(<!-- rules:begin -->\n).*?(<!-- rules:end -->)", lambda m: m.group(1) + table + m.group(2), text, flags=re.S)
if n != 1:
    sys.exit("README.md has no rules:begin/rules:end markers")
open(path, "w").write(new)
PY
