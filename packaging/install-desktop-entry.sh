#!/bin/sh
# Adds WalletCare to the desktop's application menu (for this user only) from the folder this script is in.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
tmp="$apps/.walletcare.desktop.$$"
sed "s|@BUNDLE@|$here|g" "$here/walletcare.desktop" > "$tmp"
mv "$tmp" "$apps/walletcare.desktop"
echo "WalletCare is now in the application menu ($apps/walletcare.desktop)."
