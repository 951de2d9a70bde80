#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what Lalan needs to build, run and test on Debian 12 / Ubuntu 22.04+
# and makes sure the zh_TW.UTF-8 and en_US.UTF-8 locales exist (a fresh Debian
# has only C.UTF-8, and gettext shows no translation without a real locale).
# Idempotent: does nothing when everything is already present.

set -eu

PACKAGES="
  meson ninja-build pkg-config gcc make gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev ca-certificates libxml2-dev libxml2-utils
  libjson-glib-dev libarchive-dev nettle-dev libmd4c-dev libsecret-1-dev libsoup-3.0-dev
  desktop-file-utils appstream xvfb xauth dbus dbus-x11 at-spi2-core
  dconf-gsettings-backend
  python3 python3-dogtail python3-pyatspi python3-gi gir1.2-atspi-2.0
  librsvg2-common adwaita-icon-theme fonts-noto-cjk locales
  imagemagick zip unzip poppler-utils
"

# The libFuzzer build (meson -Dfuzzing=true) needs clang; only then.
if [ "${LALAN_FUZZING:-0}" = 1 ]; then
  PACKAGES="$PACKAGES clang libclang-rt-14-dev"
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
else
  SUDO="sudo"
fi

missing=""
for pkg in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi

# Locales: generate only what is absent.
need_gen=""
for loc in zh_TW.UTF-8 en_US.UTF-8; do
  norm=$(echo "$loc" | sed 's/UTF-8/utf8/')
  if ! locale -a 2>/dev/null | grep -qx "$norm"; then
    need_gen="$need_gen $loc"
  fi
done

if [ -n "$need_gen" ]; then
  for loc in $need_gen; do
    if ! grep -q "^$loc UTF-8" /etc/locale.gen 2>/dev/null; then
      echo "$loc UTF-8" | $SUDO tee -a /etc/locale.gen >/dev/null
    fi
  done
  $SUDO locale-gen
fi
