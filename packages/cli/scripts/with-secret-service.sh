#!/bin/sh
# Runs its arguments against a Secret Service of their own: a private D-Bus session with GNOME Keyring,
# its login keyring created and unlocked with a throwaway password, in a temporary HOME and XDG folders,
# so the keyring of the person running it is never read or written. Exports PLEX_AUTH_TEST_KEYCHAIN=1,
# which turns on test/keychain. Needs dbus-run-session and gnome-keyring-daemon
# (Debian/Ubuntu: apt-get install gnome-keyring dbus).
#
#   sh scripts/with-secret-service.sh vitest run --config vitest.keychain.config.ts
set -eu

for needed in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$needed" >/dev/null 2>&1; then
    echo "with-secret-service.sh: $needed is missing (Debian/Ubuntu: apt-get install gnome-keyring dbus)" >&2
    exit 1
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/plex-auth-secret-service.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$scratch/home" "$scratch/config" "$scratch/data" "$scratch/cache" "$scratch/runtime"
# The runtime folder holds the keyring's control socket: its owner's alone, as the XDG spec requires.
chmod 700 "$scratch/runtime"

HOME="$scratch/home"
XDG_CONFIG_HOME="$scratch/config"
XDG_DATA_HOME="$scratch/data"
XDG_CACHE_HOME="$scratch/cache"
XDG_RUNTIME_DIR="$scratch/runtime"
PLEX_AUTH_TEST_KEYCHAIN=1
export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR PLEX_AUTH_TEST_KEYCHAIN
# Never the session bus of whoever runs this: dbus-run-session sets its own.
unset DBUS_SESSION_BUS_ADDRESS

# Inside the session: unlock (creating it on first use) the login keyring with the password on stdin, then
# become the command. "$@" is passed to the inner sh as its own arguments ($0 is "sh"), so every argument
# keeps its spaces and quotes, unlike splicing it into the -c string.
status=0
dbus-run-session -- sh -c 'printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@" || status=$?
exit "$status"
