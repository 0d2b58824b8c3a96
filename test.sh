#!/usr/bin/env bash
# Runs every test of the repository: restores npm dev dependencies (Azurite) and Debian's Chromium if missing, builds the solution
# with warnings as errors, runs all test projects, and prints one closing line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund
fi

dotnet tool restore   # pwsh, which the tests of the PowerShell deploy hook run

# The dashboard's browser tests drive Debian's Chromium (Playwright never downloads a browser here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
      || echo "test.sh: could not install chromium; the browser tests are skipped" >&2
  else
    echo "test.sh: /usr/bin/chromium is missing; install it (sudo apt-get install chromium) or the browser tests are skipped" >&2
  fi
fi

rm -rf TestResults
dotnet build Serverless.sln -c Debug -nologo -v minimal
status=0
dotnet test Serverless.sln -c Debug --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults "$@" || status=$?

passed=0; failed=0; skipped=0
for f in TestResults/*.trx; do
  [ -e "$f" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(echo "$c" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); passed=$((passed + ${p:-0}))
  x=$(echo "$c" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p'); failed=$((failed + ${x:-0}))
  t=$(echo "$c" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
  e=$(echo "$c" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
