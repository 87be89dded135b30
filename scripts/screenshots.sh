#!/bin/sh
# Renders the dashboard in headless Chromium (portfolio and 2SoKroG, hr and
# en, desktop 1366x900 and phone 390x844) and writes the screenshots to
# docs/screenshots. Needs chromium on PATH (Debian: apt-get install -y chromium).
set -eu
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
SOCIALSVC_SCREENSHOTS="$(pwd)/docs/screenshots" CI="${CI:-true}" \
	go test ./socialsvc/httpapi -run '^TestBrowserScreenshots$' -count=1 -v "$@"
ls -l docs/screenshots
