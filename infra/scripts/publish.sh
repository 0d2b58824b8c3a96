#!/usr/bin/env bash
# Publishes the Functions app (samples/Serverless.Samples.FunctionApp) ONCE and deploys that same zip to every function app of an
# environment: the orchestrator first, then every regional app (found by their tags, in any resource group).
# The compiled regional template (infra/regional-app.json) goes into the package at infra/regional-app.json,
# where the orchestrator's ARM provisioner reads it (Serverless__DeploymentTemplatePath).
#
#   infra/scripts/publish.sh [--role all|orchestrator|regional] [environmentName]
#
# environmentName defaults to $AZURE_ENV_NAME (azd sets it for its hooks), then to $SPLITTER_ENVIRONMENT.
# --role picks the apps: `all` (default), or only the `orchestrator` or the `regional` apps; azd's postdeploy
# hook passes `regional`, because `azd deploy` has already deployed the orchestrator (the `functions` service).
# Needs: .NET 10 SDK, Azure CLI (logged in, with Website Contributor or more on the app resource groups), zip, jq.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
infra="$(cd "$here/.." && pwd)"
root="$(cd "$infra/.." && pwd)"

role="all"
env_name=""
while [ $# -gt 0 ]; do
  case "$1" in
    --role) role="${2:-}"; shift 2 || { echo "--role needs a value: all, orchestrator or regional." >&2; exit 2; } ;;
    --role=*) role="${1#--role=}"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "Unknown option '$1'. Usage: publish.sh [--role all|orchestrator|regional] [environmentName]" >&2; exit 2 ;;
    *) env_name="$1"; shift ;;
  esac
done
case "$role" in
  all|orchestrator|regional) ;;
  *) echo "--role must be all, orchestrator or regional, not '$role'." >&2; exit 2 ;;
esac

env_name="${env_name:-${AZURE_ENV_NAME:-${SPLITTER_ENVIRONMENT:-}}}"
if [ -z "$env_name" ]; then
  echo "No environment name: pass it as an argument, run from azd (AZURE_ENV_NAME), or set SPLITTER_ENVIRONMENT." >&2
  exit 2
fi

for tool in dotnet az zip jq; do
  command -v "$tool" >/dev/null || { echo "publish.sh needs '$tool' on PATH." >&2; exit 2; }
done

# Find the apps before building, so a missing deployment fails fast.
apps="$(az resource list --tag "azd-env-name=$env_name" \
  --query "[?type=='Microsoft.Web/sites'].{name:name, group:resourceGroup, role:tags.\"serverless-role\"}" -o json)"
if [ "$role" != "all" ]; then
  apps="$(jq --arg role "$role" '[.[] | select(.role == $role)]' <<<"$apps")"
fi
count="$(jq 'length' <<<"$apps")"
if [ "$count" -eq 0 ]; then
  echo "No $([ "$role" = all ] && echo function || echo "$role") apps are tagged azd-env-name=$env_name in this subscription; deploy infra/main.bicep first (docs/deployment.md)." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet publish "$root/samples/Serverless.Samples.FunctionApp/Serverless.Samples.FunctionApp.csproj" -c Release -o "$work/publish" --nologo
mkdir -p "$work/publish/infra"
cp "$infra/regional-app.json" "$work/publish/infra/regional-app.json"
(cd "$work/publish" && zip -qr "$work/package.zip" .)
echo "Package: $(du -h "$work/package.zip" | cut -f1), deploying to $count app(s) of environment '$env_name'."

# Orchestrator first ("orchestrator" sorts before "regional").
jq -r 'sort_by(.role) | .[] | [.name, .group, .role] | @tsv' <<<"$apps" |
  while IFS=$'\t' read -r name group role; do
    echo "==> $role app $name ($group)"
    az functionapp deployment source config-zip --resource-group "$group" --name "$name" --src "$work/package.zip" --output none
  done
echo "Done."
