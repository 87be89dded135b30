#!/bin/sh
# Renders pages of the PDF reports of the demo data (2SoKroG financial in
# hr and en, Social Atelier beneficiaries, 2SoKroG indicators, the ZRS
# Bistra Ptuj portfolio) with pdftoppm and writes them to docs/screenshots
# as pdf-*.png. Needs poppler-utils (Debian: apt-get install -y poppler-utils).
set -eu
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
SOCIALSVC_PDF_SCREENSHOTS="$(pwd)/docs/screenshots" CI="${CI:-true}" \
	go test ./socialsvc/report -run '^TestPDFScreenshots$' -count=1 -v "$@"
ls -l docs/screenshots/pdf-*.png
