#!/usr/bin/env bash
# Creates a scratch org for the sfwp Salesforce package and makes it ready for the connector:
#   1. create the scratch org from config/project-scratch-def.json
#   2. deploy force-app (package, default mappings, tests, vectors static resource)
#   3. assign WP_Sync_Admin to the admin user
#   4. create the connector's integration user with WP_Sync_Integration_User assigned
#      (custom permission WP_Sync_Integration: its changes publish no WP_Sync_Event__e)
#   5. schedule the daily WP_Sync_Log__c purge
#   6. run every local Apex test with code coverage
#   7. load sample Accounts and Contacts (they publish WP_Sync_Event__e through the triggers)
#
# With --existing it redeploys force-app to the org named by -a instead of creating one. An active
# scheduled job blocks deploying the class it runs ("This schedulable class has jobs pending or in
# progress"), so the purge job is aborted first and scheduled again afterwards, even if the deploy fails.
#
# Usage: scripts/scratch-org.sh [-a alias] [-v dev-hub] [-d days] [--existing] [--skip-tests] [--skip-data]
# Needs a Dev Hub authorised with `sf org login web --set-default-dev-hub` (not JWT: creating the
# integration user fails for JWT-authorised Dev Hubs on Hyperforce, see `sf org create user --help`).
set -euo pipefail

ALIAS="sfwp"
DEV_HUB=""
DAYS="7"
RUN_TESTS=1
LOAD_DATA=1
EXISTING=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -a | --alias) ALIAS="$2"; shift 2 ;;
    -v | --target-dev-hub) DEV_HUB="$2"; shift 2 ;;
    -d | --duration-days) DAYS="$2"; shift 2 ;;
    --skip-tests) RUN_TESTS=0; shift ;;
    --skip-data) LOAD_DATA=0; shift ;;
    --existing) EXISTING=1; shift ;;
    -h | --help) sed -n '2,/^set /{/^#/p}' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SF_AUTOUPDATE_DISABLE=true SF_DISABLE_TELEMETRY=true SF_SKIP_NEW_VERSION_CHECK=true
SF="${SF:-$ROOT/node_modules/.bin/sf}"
if [[ ! -x "$SF" ]]; then
  SF="sf"
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

step() { printf '\n==> %s\n' "$*"; }

# The job name is WPSyncLogPurgeJob.JOB_NAME, written out so these scripts compile while the class is
# being replaced.
PURGE_JOB_NAME='WordPress Sync log purge'

abort_purge_job() {
  cat >"$TMP/abort.apex" <<APEX
for (CronTrigger job : [SELECT Id FROM CronTrigger WHERE CronJobDetail.Name = '$PURGE_JOB_NAME']) {
    System.abortJob(job.Id);
}
APEX
  "$SF" apex run --file "$TMP/abort.apex" --target-org "$ALIAS"
}

schedule_purge_job() {
  cat >"$TMP/schedule.apex" <<APEX
if ([SELECT COUNT() FROM CronTrigger WHERE CronJobDetail.Name = '$PURGE_JOB_NAME'] == 0) {
    WPSyncLogPurgeJob.scheduleDaily();
}
APEX
  "$SF" apex run --file "$TMP/schedule.apex" --target-org "$ALIAS"
}

step "Running the local gates first (npx tsx scripts/salesforce/check.ts)"
npx tsx scripts/salesforce/check.ts

if [[ "$EXISTING" == 1 ]]; then
  step "Redeploying force-app to '$ALIAS' (the purge job is aborted first and rescheduled after)"
  abort_purge_job
  trap 'schedule_purge_job; rm -rf "$TMP"' EXIT
  "$SF" project deploy start --source-dir force-app --target-org "$ALIAS" --wait 30
  trap 'rm -rf "$TMP"' EXIT
  schedule_purge_job
  if [[ "$RUN_TESTS" == 1 ]]; then
    step "Running Apex tests with code coverage"
    "$SF" apex run test --target-org "$ALIAS" --test-level RunLocalTests --code-coverage \
      --result-format human --output-dir "$ROOT/test-results/apex" --wait 30
  fi
  step "Done. Open the org with: $SF org open --target-org $ALIAS"
  exit 0
fi

step "Creating scratch org '$ALIAS' for $DAYS days"
hub_args=()
if [[ -n "$DEV_HUB" ]]; then
  hub_args=(--target-dev-hub "$DEV_HUB")
fi
"$SF" org create scratch --definition-file config/project-scratch-def.json --alias "$ALIAS" \
  --duration-days "$DAYS" --set-default --wait 15 "${hub_args[@]}"

step "Deploying force-app"
"$SF" project deploy start --source-dir force-app --target-org "$ALIAS" --wait 30

step "Assigning WP_Sync_Admin to the admin user"
"$SF" org assign permset --name WP_Sync_Admin --target-org "$ALIAS"

step "Creating the integration user with WP_Sync_Integration_User"
"$SF" org create user --target-org "$ALIAS" --set-alias "$ALIAS-integration" --set-unique-username \
  username="sfwp-integration@example.com" email="sfwp-integration@example.com" \
  lastName="WordPress Integration" profileName="Standard User" permsets="WP_Sync_Integration_User" \
  generatepassword=true
"$SF" org display user --target-org "$ALIAS-integration"

step "Scheduling the daily sync log purge"
schedule_purge_job

if [[ "$RUN_TESTS" == 1 ]]; then
  step "Running Apex tests with code coverage"
  "$SF" apex run test --target-org "$ALIAS" --test-level RunLocalTests --code-coverage \
    --result-format human --output-dir "$ROOT/test-results/apex" --wait 30
fi

if [[ "$LOAD_DATA" == 1 ]]; then
  step "Loading sample data"
  cat >"$TMP/sample-data.apex" <<'APEX'
List<Account> accounts = new List<Account>{
    new Account(Name = 'Acme Cooperative', Website = 'https://acme.example', BillingCity = 'Lyon', BillingCountry = 'France',
        Description = 'Member-owned bakery network.'),
    new Account(Name = 'Globex Foundation', Website = 'https://globex.example', BillingCity = 'Leeds', BillingCountry = 'United Kingdom',
        Description = 'Grants for open-source infrastructure.')
};
insert accounts;
List<Contact> contacts = new List<Contact>();
for (Integer i = 1; i <= 5; i++) {
    contacts.add(new Contact(FirstName = 'Sample' + i, LastName = 'Member', Email = 'sample' + i + '@example.com',
        Description = 'Sample member ' + i, AccountId = accounts[Math.mod(i, 2)].Id));
}
insert contacts;
System.debug(LoggingLevel.INFO, 'Inserted ' + accounts.size() + ' accounts and ' + contacts.size() + ' contacts');
APEX
  "$SF" apex run --file "$TMP/sample-data.apex" --target-org "$ALIAS"
fi

step "Done. Open the org with: $SF org open --target-org $ALIAS"
