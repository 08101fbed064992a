#!/usr/bin/env bash
# Install the Prism mock server (the contract tests' independent server) into .tools/prism.
#
#   scripts/prism.sh          install if needed, then print the launcher path
#
# The launcher, .tools/prism/prism, runs the pinned Prism with the node this script chose. Only
# package registries are needed: node and npm come from apt when missing (Debian/Ubuntu, root or
# passwordless sudo), Prism from npm. A second run finds the stamp and returns at once, so tests
# can call this every time. Concurrent runs (pytest-xdist workers) wait on one lock.
set -euo pipefail

# 5.14.2 is the newest Prism whose engines accept Node 18.20 (Debian 12's apt nodejs);
# 5.15+ require Node >= 24. Verified against openapi.yaml on Node 18.20.4 and 20.20.
PRISM_VERSION=5.14.2
NODE_MIN=18.20.1
# Used only when the system node is older than NODE_MIN: a Node build from the npm registry.
FALLBACK_NODE_VERSION=20.20.2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
PREFIX="$TOOLS/prism"
LAUNCHER="$PREFIX/prism"
STAMP="$PREFIX/.installed"
# The install is redone when the lockfile changes, not only when PRISM_VERSION does.
LOCK_HASH="$(sha256sum "$ROOT/scripts/prism/package-lock.json" | cut -c1-16)"

say() { echo "prism.sh: $*" >&2; }
die() {
	say "error: $*"
	exit 1
}

# The stamp holds "<prism version>+<lockfile hash> <node path>"; it is written last, after a
# working launcher.
installed() {
	local version node
	[[ -f "$STAMP" && -x "$LAUNCHER" ]] || return 1
	read -r version node <"$STAMP" || return 1
	[[ "$version" == "$PRISM_VERSION+$LOCK_HASH" && -x "$node" ]]
}

if installed; then
	echo "$LAUNCHER"
	exit 0
fi

mkdir -p "$TOOLS"
if command -v flock >/dev/null 2>&1; then
	exec 9>"$TOOLS/prism.lock"
	flock 9
	# Another process may have finished the install while this one waited.
	if installed; then
		echo "$LAUNCHER"
		exit 0
	fi
fi

# True when the given node binary runs and is at least NODE_MIN.
node_ok() {
	"$1" -e '
		const want = process.argv[1].split(".").map(Number);
		const have = process.versions.node.split(".").map(Number);
		for (let i = 0; i < 3; i++) if (have[i] !== want[i]) process.exit(have[i] > want[i] ? 0 : 1);
	' "$NODE_MIN" >/dev/null 2>&1
}

as_root() {
	if [[ "$(id -u)" == 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		return 1
	fi
}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	command -v apt-get >/dev/null 2>&1 ||
		die "node and npm are missing and apt-get is not available; install Node >= $NODE_MIN with npm"
	say "installing nodejs and npm with apt-get"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
		die "apt-get update failed (needs root or passwordless sudo)"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		nodejs npm >/dev/null || die "apt-get install nodejs npm failed"
fi
command -v npm >/dev/null 2>&1 || die "npm not found after installing it"

# Quiet, reproducible npm: no audit/fund/update chatter. --ignore-scripts because nothing Prism
# needs has an install step and one dependency's postinstall only sends usage analytics.
export npm_config_update_notifier=false SCARF_ANALYTICS=false
NPM_FLAGS=(--no-audit --no-fund --ignore-scripts --loglevel=error)

NODE="$(command -v node || true)"
if [[ -z "$NODE" ]] || ! node_ok "$NODE"; then
	case "$(uname -m)" in
	x86_64 | amd64) arch=x64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) die "node ${NODE:+at $NODE }is older than $NODE_MIN and no Node build for $(uname -m)" ;;
	esac
	say "system node is missing or older than $NODE_MIN; installing node $FALLBACK_NODE_VERSION from npm"
	npm install --prefix "$TOOLS/node" "${NPM_FLAGS[@]}" \
		"node-linux-$arch@$FALLBACK_NODE_VERSION" >&2 || die "npm install of node failed"
	NODE="$TOOLS/node/node_modules/node-linux-$arch/bin/node"
	node_ok "$NODE" || die "the node installed from npm ($NODE) does not run"
fi

say "installing @stoplight/prism-cli@$PRISM_VERSION into ${PREFIX#"$ROOT"/} (node $("$NODE" --version))"
rm -f "$STAMP"
# The whole dependency tree is locked (scripts/prism/package-lock.json), not only Prism: `npm ci`
# installs exactly it, so every machine runs the same mock server.
mkdir -p "$PREFIX"
cp "$ROOT/scripts/prism/package.json" "$ROOT/scripts/prism/package-lock.json" "$PREFIX/"
(cd "$PREFIX" && npm ci "${NPM_FLAGS[@]}") >&2 ||
	die "npm ci of @stoplight/prism-cli@$PRISM_VERSION (scripts/prism/package-lock.json) failed"

ENTRY="$PREFIX/node_modules/@stoplight/prism-cli/dist/index.js"
[[ -f "$ENTRY" ]] || die "Prism entry point missing after install: $ENTRY"
# Prism is found relative to the launcher; the node path is in the stamp, so a moved checkout
# (or a removed node) fails the stamp check and reinstalls.
cat >"$LAUNCHER" <<EOF
#!/bin/sh
# Written by scripts/prism.sh: Prism $PRISM_VERSION on $NODE.
exec "$NODE" "\$(dirname "\$0")/node_modules/@stoplight/prism-cli/dist/index.js" "\$@"
EOF
chmod +x "$LAUNCHER"

got="$("$LAUNCHER" --version 2>/dev/null || true)"
[[ "$got" == "$PRISM_VERSION" ]] || die "installed Prism reports version '$got', expected $PRISM_VERSION"
echo "$PRISM_VERSION+$LOCK_HASH $NODE" >"$STAMP"
say "Prism $PRISM_VERSION ready"
echo "$LAUNCHER"
