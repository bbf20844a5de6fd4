#!/bin/sh
# Adds WalletCare to the desktop's application menu (for this user only) from the folder this script is in.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
tmp="$apps/.walletcare.desktop.$$"
# the folder may hold spaces (quoted in Exec=) or characters sed treats specially (escaped here)
esc=$(printf '%s' "$here" | sed 's/[\\&|]/\\&/g')
sed "s|@BUNDLE@|$esc|g" "$here/_internal/walletcare.desktop" > "$tmp"
mv "$tmp" "$apps/walletcare.desktop"
echo "WalletCare is now in the application menu ($apps/walletcare.desktop)."
