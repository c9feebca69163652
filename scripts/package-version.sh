#!/usr/bin/env bash
# Builds a version of the sfwp unlocked package (sfdx-project.json: package "sfwp", versionNumber
# 0.1.0.NEXT) in a Dev Hub and prints the install link:
#   1. (--create, once) sf package create: the unlocked package "sfwp" without a namespace; its
#      0Ho id is written to sfdx-project.json's packageAliases in place of the placeholder
#   2. the metadata and convert gates (what can be checked offline), unless --skip-checks
#   3. sf package version create --code-coverage (a version can be promoted only with coverage)
#   4. prints the 04t id and the URL an admin installs it from
#
# Usage: scripts/package-version.sh [-v dev-hub] [--create] [-k key | --no-key] [-w minutes]
#                                   [--skip-checks]
#   -v, --target-dev-hub   Dev Hub username or alias (default: the target-dev-hub config value)
#   --create               create the package first (only the first time)
#   -k, --installation-key key an installer must type; --no-key builds a version anyone can install
#   -w, --wait             minutes to wait for the version (default 60)
#   --skip-checks          do not run the offline gates first
#
# Written from the help of sf 2.146 (`sf package create --help`, `sf package version create --help`);
# not run here: there is no Dev Hub on this machine. See docs/SALESFORCE-PACKAGE.md.
set -euo pipefail

usage() { sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }

PACKAGE="sfwp"
DEV_HUB=""
CREATE=0
KEY=""
NO_KEY=0
WAIT="60"
CHECKS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -v | --target-dev-hub) DEV_HUB="$2"; shift 2 ;;
    --create) CREATE=1; shift ;;
    -k | --installation-key) KEY="$2"; shift 2 ;;
    --no-key) NO_KEY=1; shift ;;
    -w | --wait) WAIT="$2"; shift 2 ;;
    --skip-checks) CHECKS=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ -z "$KEY" && "$NO_KEY" -eq 0 ]]; then
  echo "Give an installation key (-k KEY) or --no-key: sf package version create needs one of them." >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SF_AUTOUPDATE_DISABLE=true SF_DISABLE_TELEMETRY=true SF_SKIP_NEW_VERSION_CHECK=true
SF="${SF:-$ROOT/node_modules/.bin/sf}"
if [[ ! -x "$SF" ]]; then
  SF="sf"
fi
hub_args=()
if [[ -n "$DEV_HUB" ]]; then
  hub_args=(--target-dev-hub "$DEV_HUB")
fi

step() { printf '\n==> %s\n' "$*"; }

# A JSON field of the sf command output on stdin, e.g. `json_field result.Id`.
json_field() {
  node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      const value = process.argv[1].split(".").reduce((node, key) => node?.[key], JSON.parse(text));
      if (value === undefined || value === null) process.exit(1);
      console.log(value);
    });' "$1"
}

package_alias() {
  node -e 'console.log(require("./sfdx-project.json").packageAliases?.[process.argv[1]] ?? "")' "$PACKAGE"
}

if [[ "$CREATE" -eq 1 ]]; then
  step "Creating the unlocked package $PACKAGE in the Dev Hub"
  package_args=(
    --name "$PACKAGE"
    --package-type Unlocked
    --path force-app
    --no-namespace
    --description "sfwp: two-way Salesforce / WordPress sync (mapping metadata, sync events, admin app, connector app)"
    --json
  )
  # sf would rewrite sfdx-project.json's package directory (default false, versionName "ver 0.1");
  # only the alias is written, below.
  if ! created="$(SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_CREATE=true \
    "$SF" package create "${package_args[@]}" "${hub_args[@]}")"; then
    echo "$created" >&2
    exit 1
  fi
  package_id="$(json_field result.Id <<<"$created")"
  node -e '
    const fs = require("node:fs");
    const project = JSON.parse(fs.readFileSync("sfdx-project.json", "utf8"));
    project.packageAliases = { ...project.packageAliases, [process.argv[1]]: process.argv[2] };
    fs.writeFileSync("sfdx-project.json", JSON.stringify(project, null, 2) + "\n");' \
    "$PACKAGE" "$package_id"
  echo "Package $PACKAGE is $package_id (written to sfdx-project.json packageAliases; commit it)."
fi

if [[ ! "$(package_alias)" =~ ^0Ho[[:alnum:]]{12}([[:alnum:]]{3})?$ ]]; then
  echo "sfdx-project.json has no package id for $PACKAGE yet (packageAliases.$PACKAGE is a placeholder)." >&2
  echo "Run this script once with --create, or set the alias to the package's 0Ho id." >&2
  exit 1
fi

if [[ "$CHECKS" -eq 1 ]]; then
  step "Offline gates: metadata, convert"
  npx tsx scripts/salesforce/check.ts --gate metadata --gate convert
fi

step "Creating a version of $PACKAGE (this runs the package's Apex tests for coverage)"
version_args=(
  --package "$PACKAGE"
  --code-coverage
  --definition-file config/project-scratch-def.json
  --wait "$WAIT"
  --json
)
if [[ -n "$KEY" ]]; then
  version_args+=(--installation-key "$KEY")
else
  version_args+=(--installation-key-bypass)
fi
if ! version="$("$SF" package version create "${version_args[@]}" "${hub_args[@]}")"; then
  echo "$version" >&2
  exit 1
fi
subscriber_id="$(json_field result.SubscriberPackageVersionId <<<"$version")" || {
  echo "No package version id in the answer; the request may still run: sf package version create report" >&2
  echo "$version" >&2
  exit 1
}

step "Done"
echo "Package version: $subscriber_id"
echo "Install it (production or Developer Edition): https://login.salesforce.com/packaging/installPackage.apexp?p0=$subscriber_id"
echo "Sandbox: https://test.salesforce.com/packaging/installPackage.apexp?p0=$subscriber_id"
echo "Promote it for production installs: $SF package version promote --package $subscriber_id"
