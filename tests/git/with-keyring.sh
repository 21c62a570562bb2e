#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs COMMAND… with a throw-away Secret Service, headless: a private session
# bus (tests/ui/ui-session.conf: no activatable services) and
# gnome-keyring-daemon with an unlocked keyring in a temporary HOME.
# Without dbus-run-session or gnome-keyring-daemon, reports a TAP skip.
#
# usage: with-keyring.sh SESSION_CONF COMMAND…
set -eu

conf=$1
shift

if [ -z "${POSTINGS_KEYRING_SESSION:-}" ]; then
  if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    echo "1..0 # SKIP dbus-run-session or gnome-keyring-daemon is not installed"
    exit 0
  fi
  POSTINGS_KEYRING_SESSION=1 exec dbus-run-session --config-file="$conf" -- "$0" "$conf" "$@"
fi

HOME=$(mktemp -d)
XDG_DATA_HOME="$HOME/.local/share"
export HOME XDG_DATA_HOME
trap 'rm -rf "$HOME"' EXIT

# Prints GNOME_KEYRING_CONTROL=…; the daemon ends with the session bus.
eval "$(printf 'postings-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

status=0
"$@" || status=$?
exit $status
