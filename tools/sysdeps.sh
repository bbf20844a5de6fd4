#!/bin/sh
# Installs the Debian packages the test suite uses (virtual X server, PDF rasteriser, a CJK TrueType
# font) when they are missing and we are root; otherwise says what is missing and carries on — the tests
# that need them skip with a reason.
missing=""
command -v Xvfb >/dev/null 2>&1 || missing="$missing xvfb"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$missing fonts-wqy-microhei"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "sysdeps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || true
    if apt-get install -y -qq $missing >/dev/null 2>&1; then exit 0; fi
    echo "sysdeps: could not install$missing; tests that need them will be skipped"
else
    echo "sysdeps: missing$missing (not root: tests that need them will be skipped)"
fi
exit 0
