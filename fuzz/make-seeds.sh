#!/usr/bin/env bash
# Makes the seed corpus of each fuzz target from the shipped example and
# the test fixtures. Run from the repository root: bash fuzz/make-seeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
rm -rf "$c"
mkdir -p "$c/load" "$c/recurrence" "$c/ical" "$c/runbook"

# load: a release file, a NUL byte, a policy file.
policies=(policies/minor.toml policies/major.toml policies/patch.toml policies/emergency.toml)
n=0
while IFS= read -r rel; do
  dir=$(dirname "$rel")
  pol=$(ls "$dir"/../../policies/*.toml 2>/dev/null | grep -E '/(minor|major|patch|emergency|standard)[^/]*\.toml$' | head -1 || true)
  [ -n "$pol" ] || pol=${policies[$((n % ${#policies[@]}))]}
  { cat "$rel"; printf '\0'; cat "$pol"; } > "$c/load/$(printf '%03d' "$n")"
  n=$((n + 1))
done < <( (ls releases/*/release.toml; find tests/fixtures -name release.toml | sort | awk 'NR % 4 == 1') )

# recurrence: rrule, start, duration or end, from, until, zone; one a line.
i=0
seed() { printf '%s\n' "$@" > "$c/recurrence/$(printf '%03d' "$i")"; i=$((i + 1)); }
seed "FREQ=WEEKLY;BYDAY=SA" "18:00" "06:00" "" "" "Europe/London"
seed "FREQ=WEEKLY;BYDAY=SU" "18:00" "12h" "" "" "America/New_York"
seed "FREQ=MONTHLY;BYMONTHDAY=-1" "00:00" "00:00" "" "" "Europe/London"
seed "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2" "00:00" "24:00" "" "" "UTC"
seed "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA" "22:00" "4h" "2026-01-03T00:00:00" "2027-01-01" "Europe/Berlin"
seed "FREQ=DAILY;COUNT=10" "01:30" "30m" "2025-03-30" "" "Europe/London"
seed "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29" "09:00" "1d" "2024-02-01" "" "America/Havana"
seed "RRULE:FREQ=MONTHLY;BYDAY=1MO;UNTIL=99991231T000000Z" "08:00" "2h" "" "" "Asia/Kolkata"
seed "FREQ=WEEKLY;BYDAY=XX" "18:00" "06:00" "" "" ""
seed "" "" "" "2026-12-24T00:00:00" "2027-01-02T00:00:00" "Europe/London"

# ical: summary, description, location, categories, organizer, URL, time;
# fields separated by 0x1F, categories by 0x1E.
j=0
for rel in releases/*/release.toml; do
  title=$(sed -n 's/^title = "\(.*\)"$/\1/p' "$rel" | head -1)
  rationale=$(sed -n 's/^rationale = "\(.*\)"$/\1/p' "$rel" | head -1)
  service=$(sed -n 's/^service = "\(.*\)"$/\1/p' "$rel" | head -1)
  printf '%s\x1f%s\x1f%s\x1f%s\x1e%s\x1f%s\x1f%s\x1f%s' "$title" "$rationale" "$service" "$service" "release" \
    "Rosa Diaz, Release Manager" "https://releases.example.com/releases/$(basename "$(dirname "$rel")")/" "$j" \
    > "$c/ical/$(printf '%03d' "$j")"
  j=$((j + 1))
done

# runbook: every runbook and notes file.
k=0
while IFS= read -r md; do
  cp "$md" "$c/runbook/$(printf '%03d' "$k")"
  k=$((k + 1))
done < <(find releases tests/fixtures -name '*.md' | sort)
