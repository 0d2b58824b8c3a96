#!/usr/bin/env pwsh
# Publishes the Functions app (samples/Serverless.Samples.FunctionApp) ONCE and deploys that same zip to the function apps of an
# environment: the orchestrator first, then every regional app (found by their tags, in any resource group).
# The compiled regional template (infra/regional-app.json) goes into the package at infra/regional-app.json,
# where the orchestrator's ARM provisioner reads it (Serverless__DeploymentTemplatePath).
# The PowerShell twin of publish.sh (azd runs this one on Windows); same options, same behaviour.
#
#   infra/scripts/publish.ps1 [-Role all|orchestrator|regional] [[-EnvironmentName] name]
#
# EnvironmentName defaults to $env:AZURE_ENV_NAME (azd sets it for its hooks), then to $env:SPLITTER_ENVIRONMENT.
# Needs: .NET 10 SDK and Azure CLI (logged in, with Website Contributor or more on the app resource groups).
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string] $EnvironmentName = '',

    [ValidateSet('all', 'orchestrator', 'regional')]
    [string] $Role = 'all'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# A message on stderr and an exit code (Write-Error would stop the script with exit code 1 instead).
function Stop-Publish([string] $Message, [int] $Code) {
    [Console]::Error.WriteLine($Message)
    exit $Code
}

$infra = Split-Path -Parent $PSScriptRoot
$root = Split-Path -Parent $infra

if (-not $EnvironmentName) { $EnvironmentName = $env:AZURE_ENV_NAME }
if (-not $EnvironmentName) { $EnvironmentName = $env:SPLITTER_ENVIRONMENT }
if (-not $EnvironmentName) {
    Stop-Publish 'No environment name: pass -EnvironmentName, run from azd (AZURE_ENV_NAME), or set SPLITTER_ENVIRONMENT.' 2
}

foreach ($tool in 'dotnet', 'az') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
        Stop-Publish "publish.ps1 needs '$tool' on PATH." 2
    }
}

# Find the apps before building, so a missing deployment fails fast.
$query = "[?type=='Microsoft.Web/sites'].{name:name, group:resourceGroup, role:tags.""serverless-role""}"
$json = az resource list --tag "azd-env-name=$EnvironmentName" --query $query -o json
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$apps = @($json | ConvertFrom-Json)
if ($Role -ne 'all') { $apps = @($apps | Where-Object { $_.role -eq $Role }) }
if ($apps.Count -eq 0) {
    $what = if ($Role -eq 'all') { 'function' } else { $Role }
    Stop-Publish "No $what apps are tagged azd-env-name=$EnvironmentName in this subscription; deploy infra/main.bicep first (docs/deployment.md)." 1
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())
New-Item -ItemType Directory -Path $work | Out-Null
try {
    $publish = Join-Path $work 'publish'
    dotnet publish (Join-Path $root 'samples/Serverless.Samples.FunctionApp/Serverless.Samples.FunctionApp.csproj') -c Release -o $publish --nologo
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType Directory -Force -Path (Join-Path $publish 'infra') | Out-Null
    Copy-Item (Join-Path $infra 'regional-app.json') (Join-Path $publish 'infra/regional-app.json')
    $package = Join-Path $work 'package.zip'
    Compress-Archive -Path (Join-Path $publish '*') -DestinationPath $package
    $size = [math]::Round((Get-Item $package).Length / 1MB, 1)
    Write-Host "Package: ${size}M, deploying to $($apps.Count) app(s) of environment '$EnvironmentName'."

    # Orchestrator first ("orchestrator" sorts before "regional").
    foreach ($app in ($apps | Sort-Object -Property role)) {
        Write-Host "==> $($app.role) app $($app.name) ($($app.group))"
        az functionapp deployment source config-zip --resource-group $app.group --name $app.name --src $package --output none
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    Write-Host 'Done.'
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
