#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs an AT-SPI test in its own session bus, which starts the accessibility
# bus (at-spi-bus-launcher) and registry on demand. The X display comes from
# the caller (make check runs the suites under xvfb-run).
set -eu
if [ -z "${DISPLAY:-}" ]; then
  echo "1..0 # SKIP no X display: run the tests through make check (xvfb-run)"
  exit 0
fi
here=$(dirname "$0")
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
exec dbus-run-session -- /usr/bin/python3 "$@"
