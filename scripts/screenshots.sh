#!/bin/sh
# Renders the dashboard in headless Chromium (portfolio and 2SoKroG, hr, en and
# sl, desktop 1366x900 and phone 390x844) and prints the financial report
# of 2SoKroG on A4 portrait and landscape, and writes the screenshots to
# docs/screenshots. Needs chromium and poppler-utils on PATH (Debian:
# apt-get install -y chromium poppler-utils).
set -eu
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
SOCIALSVC_SCREENSHOTS="$(pwd)/docs/screenshots" CI="${CI:-true}" \
	go test ./socialsvc/httpapi -run '^TestBrowserScreenshots$' -count=1 -v "$@"
SOCIALSVC_SCREENSHOTS="$(pwd)/docs/screenshots" CI="${CI:-true}" \
	go test ./socialsvc/report -run '^TestPrintA4Unclipped$' -count=1 "$@"
ls -l docs/screenshots
