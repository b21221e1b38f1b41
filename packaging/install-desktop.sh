#!/bin/sh
# Add Account Success Planner to the desktop menu of the current user (Linux).
# Run from inside the unpacked bundle: ./install-desktop.sh   (undo with --uninstall)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"
if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/account-success-planner.desktop" "$bin/account-planner" "$bin/planner"
  rm -f "$data/mime/packages/account-success-planner.xml"
  find "$data/icons/hicolor" -name 'account-success-planner.*' -delete 2>/dev/null || true
  echo "Removed Account Success Planner from the menu. The app folder and your books are untouched."
  exit 0
fi
mkdir -p "$data/applications" "$data/mime/packages" "$bin"
cp -R "$here/share/icons/." "$data/icons/"
cp "$here/share/mime/packages/account-success-planner.xml" "$data/mime/packages/"
sed "s|^Exec=account-planner|Exec=$here/account-planner|" \
  "$here/share/applications/account-success-planner.desktop" \
  > "$data/applications/account-success-planner.desktop"
ln -sf "$here/account-planner" "$bin/account-planner"
ln -sf "$here/planner" "$bin/planner"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$data/icons/hicolor" || true
echo "Account Success Planner is in your applications menu; 'planner' and 'account-planner' are in $bin."
