#!/usr/bin/env bash
# better-sqlite3 has no prebuilt binary reachable from this machine (GitHub's downloads are not),
# so every install compiles it, a minute or more each: npm ci here, and again the fresh app of the
# package test. prebuild-install looks in npm's cache (~/.npm/_prebuilds) before downloading; this
# puts the binary npm ci just compiled there, under the name prebuild-install looks for, so later
# installs of the same version for the same Node unpack it instead of compiling.
set -euo pipefail
cd "$(dirname "$0")/../node_modules/better-sqlite3"
binary=build/Release/better_sqlite3.node
[ -f "$binary" ] || { echo "ci: no compiled better-sqlite3 to cache"; exit 0; }
# prebuild-install says where it looks (then fails to download, or finds it there already)
cached=$( (../.bin/prebuild-install --verbose 2>&1 || true) | sed -n "s/.*looking for cached prebuild @ //p" | head -n 1)
if [ -z "$cached" ]; then echo "ci: prebuild-install named no cache path"; exit 0; fi
if [ -f "$cached" ]; then echo "ci: better-sqlite3 already in npm's prebuild cache"; exit 0; fi
mkdir -p "$(dirname "$cached")"
tar -czf "$cached.tmp" "$binary"
mv "$cached.tmp" "$cached"
echo "ci: better-sqlite3 put in npm's prebuild cache ($cached)"
