#!/usr/bin/env bash
# Browser checks of the site: the Nu HTML Checker on the shipped example and
# every site-building fixture, then axe-core and the end-to-end tests in
# Chromium (node's test runner). Usage: tests/browser/run.sh [TRAINYARD_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$(realpath "${1:-$repo/target/debug/trainyard}")"
today=2026-11-24  # the shipped example is written around this day

if [ ! -d "$here/node_modules/vnu-jar" ] || [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The shipped example with its git history, as it is published.
(cd "$repo" && "$bin" build --out "$work/sites/example" --today "$today" >/dev/null)
# Every fixture that builds a site.
for dir in "$repo"/tests/fixtures/*/; do
  name="$(basename "$dir")"
  "$bin" build --root "$dir" --out "$work/sites/$name" --no-history --today "$today" >/dev/null 2>&1 || continue
done
echo "built $(ls "$work/sites" | wc -l) sites: $(ls "$work/sites" | tr '\n' ' ')"

echo "Nu HTML Checker:"
java -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$work/sites"
echo "Nu HTML Checker: no errors in $(find "$work/sites" -name '*.html' | wc -l) pages"

rm -rf "$repo/target/screenshots"
mkdir -p "$repo/target/screenshots"
cd "$here"
TRAINYARD_SITE="$work/sites/example" TRAINYARD_SCREENSHOTS="$repo/target/screenshots" \
  timeout 480 node --test --test-concurrency=1 --test-timeout=120000 axe.test.mjs e2e.test.mjs
