#!/usr/bin/env bash
# Publishes the Serverless Splitter Functions app ONCE and deploys that same zip to every function app of an
# environment: the orchestrator first, then every regional app (found by their tags, in any resource group).
# The compiled regional template (infra/regional-app.json) goes into the package at infra/regional-app.json,
# where the orchestrator's ARM provisioner reads it (Serverless__DeploymentTemplatePath).
#
#   infra/scripts/publish.sh [environmentName]
#
# environmentName defaults to $SPLITTER_ENVIRONMENT, then to environmentName in infra/main.parameters.json.
# Needs: .NET 10 SDK, Azure CLI (logged in, with Website Contributor or more on the app resource groups), zip, jq.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
infra="$(cd "$here/.." && pwd)"
root="$(cd "$infra/.." && pwd)"

env_name="${1:-${SPLITTER_ENVIRONMENT:-}}"
if [ -z "$env_name" ]; then
  env_name="$(jq -r '.parameters.environmentName.value // empty' "$infra/main.parameters.json")"
fi
if [ -z "$env_name" ]; then
  echo "No environment name: pass it as the first argument or set SPLITTER_ENVIRONMENT." >&2
  exit 2
fi

for tool in dotnet az zip jq; do
  command -v "$tool" >/dev/null || { echo "publish.sh needs '$tool' on PATH." >&2; exit 2; }
done

# Find the apps before building, so a missing deployment fails fast.
apps="$(az resource list --tag "azd-env-name=$env_name" \
  --query "[?type=='Microsoft.Web/sites'].{name:name, group:resourceGroup, role:tags.\"serverless-role\"}" -o json)"
count="$(jq 'length' <<<"$apps")"
if [ "$count" -eq 0 ]; then
  echo "No function apps are tagged azd-env-name=$env_name in this subscription; deploy infra/main.bicep first (docs/deployment.md)." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet publish "$root/functions/Serverless.Functions/Serverless.Functions.csproj" -c Release -o "$work/publish" --nologo
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
