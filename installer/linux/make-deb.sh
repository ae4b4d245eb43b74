#!/usr/bin/env bash
# Makes recordsdesk_VERSION_amd64.deb from a PyInstaller bundle: the bundle under /opt/recordsdesk,
# `recordsdesk` on the PATH, the desktop entry, icons and AppStream metadata. Needs no Python.
#   bash installer/linux/make-deb.sh BUNDLE_DIR VERSION OUT_DIR
set -euo pipefail
bundle=$1 version=$2 out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
res="$here/resources"
root=$(mktemp -d)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT

install -d "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/metainfo" "$root/usr/share/doc/recordsdesk" "$root/DEBIAN"
cp -a "$bundle" "$root/opt/recordsdesk"
ln -s /opt/recordsdesk/recordsdesk "$root/usr/bin/recordsdesk"
install -m 0644 "$res/desktop/recordsdesk.desktop" "$root/usr/share/applications/"
install -m 0644 "$res/desktop/org.recordsdesk.RecordsDesk.metainfo.xml" "$root/usr/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
  install -D -m 0644 "$res/icons/recordsdesk-$size.png" \
    "$root/usr/share/icons/hicolor/${size}x${size}/apps/recordsdesk.png"
done
install -D -m 0644 "$res/icons/recordsdesk.svg" "$root/usr/share/icons/hicolor/scalable/apps/recordsdesk.svg"
{
  echo "RecordsDesk bundles these packages; their licence texts are in"
  echo "/opt/recordsdesk/_internal/recordsdesk/resources/licences/ and in the About dialog."
  echo
  sed -n 's/.*"name": "\([^"]*\)", "version": "\([^"]*\)", "licence": "\([^"]*\)".*/\1 \2: \3/p' \
    "$res/licences/bundled.json"
} > "$root/usr/share/doc/recordsdesk/copyright"

size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
# What Qt needs on the machine to draw (offscreen, X11 or Wayland), the fonts, and CUPS' client
# library to list printers (libpulse0: the desk's sounds); the bundle carries everything else (Python included).
cat > "$root/DEBIAN/control" <<CONTROL
Package: recordsdesk
Version: $version
Architecture: amd64
Maintainer: RecordsDesk maintainers <recordsdesk@example.org>
Installed-Size: $size_kb
Depends: libc6 (>= 2.36), libegl1, libgl1, libxkbcommon0, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0, fonts-dejavu-core, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-render-util0, libxcb-shape0, libxcb-xkb1, libxcb-randr0, libx11-xcb1, libcups2
Recommends: cups-client, libpulse0
Suggests: xvfb, postgresql-client
Section: misc
Priority: optional
Homepage: https://example.org/recordsdesk
Description: file room desk for paper medical charts
 RecordsDesk knows where every paper chart of a hospital or clinic file room
 is: check-out and return by barcode scanner, pull lists in shelf-walk order,
 chart labels with terminal-digit colour blocks. One workstation keeps its
 records in an embedded SQLite file; several share a PostgreSQL server.
 .
 This package carries its own Python and Qt under /opt/recordsdesk.
CONTROL
cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
POSTINST
chmod 0755 "$root/DEBIAN/postinst"
cp "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
dpkg-deb --root-owner-group -Zxz -z1 --build "$root" "$out/recordsdesk_${version}_amd64.deb"
