#!/usr/bin/env bash
# Static security scan of the Terraform in infra/ with checkov (offline: --skip-download).
# Fails on parse errors (checkov itself exits 0 on them), on any failed check, and on a
# "#checkov:skip=" comment that gives no reason. Set CHECKOV to use another checkov binary.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checkov="${CHECKOV:-$repo_root/.cache/checkov-venv/bin/checkov}"
if [[ ! -x "$checkov" ]]; then
    echo "checkov not found at $checkov; install it into its own virtualenv:" >&2
    echo "  python3 -m venv .cache/checkov-venv && .cache/checkov-venv/bin/pip install checkov" >&2
    exit 2
fi

cd "$repo_root"

# A skip must say why: "#checkov:skip=CKV_AWS_1:<reason>".
if unreasoned="$(grep -rnE --include='*.tf' '#checkov:skip=[A-Z0-9_]+[[:space:]]*(:[[:space:]]*)?$' infra)"; then
    echo "checkov skips without a reason:" >&2
    echo "$unreasoned" >&2
    exit 1
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT

set +e
"$checkov" -d infra --framework terraform --skip-download --quiet --compact \
    -o cli -o json --output-file-path "console,$report"
status=$?
set -e

python3 - "$report" <<'PY'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as handle:
    document = json.load(handle)
reports = document if isinstance(document, list) else [document]
parsing_errors = sum(r.get("summary", {}).get("parsing_errors", 0) for r in reports)
failed = sum(r.get("summary", {}).get("failed", 0) for r in reports)
if parsing_errors:
    print(f"checkov could not parse {parsing_errors} file(s)", file=sys.stderr)
    sys.exit(1)
if failed:
    print(f"checkov: {failed} failed check(s)", file=sys.stderr)
    sys.exit(1)
PY

exit "$status"
