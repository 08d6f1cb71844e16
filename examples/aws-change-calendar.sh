#!/bin/sh
# Replace an AWS Systems Manager change calendar's events with the
# blackouts of policies/calendar.toml. Run it from the release repository's
# root on every merge to main (and weekly, so the range moves on), with AWS
# credentials allowed ssm:UpdateDocument and
# ssm:UpdateDocumentDefaultVersion.
#
# The calendar is of type DEFAULT_OPEN: open except during its events.
# Create it once:
#   aws ssm create-document --name release-blackouts --document-type ChangeCalendar \
#     --document-format TEXT --content file://change-calendar.ics
# Automation runbooks and State Manager associations that name it then
# wait for it to open; `trainyard gate --release ID` checks the rest.
set -eu

CALENDAR="${CALENDAR:-release-blackouts}"

trainyard export ssm-change-calendar --output-file change-calendar.ics

if ! out=$(aws ssm update-document --name "$CALENDAR" \
    --content file://change-calendar.ics --document-format TEXT \
    --document-version '$LATEST' \
    --query DocumentDescription.DocumentVersion --output text 2>&1); then
  case "$out" in
    *DuplicateDocumentContent*) echo "$CALENDAR is already up to date"; exit 0 ;;
  esac
  echo "$out" >&2
  exit 1
fi
aws ssm update-document-default-version --name "$CALENDAR" --document-version "$out"
echo "$CALENDAR now at version $out"
