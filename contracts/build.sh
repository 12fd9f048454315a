#!/usr/bin/env bash
# Regenerates the checked-in contract artefacts from contracts/src and
# contracts/test: build/<Name>.abi and .bin (solc-js from npm, OpenZeppelin
# from npm, both pinned in package-lock.json), then the Go bindings in
# internal/chain/binding (abigen of the go-ethereum version in go.mod). go
# test needs none of this: it uses the checked-in files.
#
#   contracts/build.sh          regenerate
#   contracts/build.sh --check  regenerate into a temporary copy and fail if
#                               the checked-in artefacts differ (CI)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

check=0
[ "${1:-}" = "--check" ] && check=1

if [ ! -d "$here/node_modules/solc" ] || [ ! -d "$here/node_modules/@openzeppelin/contracts" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

geth_version="$(cd "$repo" && go list -m -f '{{.Version}}' github.com/ethereum/go-ethereum)"
abigen=(go run "github.com/ethereum/go-ethereum/cmd/abigen@${geth_version}")

out="$repo"
if [ "$check" = 1 ]; then
	out="$(mktemp -d)"
	trap 'rm -rf "$out"' EXIT
	mkdir -p "$out/contracts" "$out/internal/chain/binding"
	cp -r "$here/src" "$here/test" "$here/build.js" "$out/contracts/"
	ln -s "$here/node_modules" "$out/contracts/node_modules"
fi

node "$out/contracts/build.js" >/dev/null
mkdir -p "$out/internal/chain/binding"
for abi in "$out"/contracts/build/*.abi; do
	name="$(basename "$abi" .abi)"
	file="$(echo "$name" | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g; s/([A-Z]+)([A-Z][a-z])/\1_\2/g' | tr 'A-Z' 'a-z')"
	"${abigen[@]}" --abi "$abi" --bin "${abi%.abi}.bin" --pkg binding --type "$name" \
		--out "$out/internal/chain/binding/${file}.go"
done

if [ "$check" = 1 ]; then
	status=0
	diff -rq "$repo/contracts/build" "$out/contracts/build" || status=1
	diff -rq "$repo/internal/chain/binding" "$out/internal/chain/binding" || status=1
	if [ "$status" != 0 ]; then
		echo "contracts: checked-in artefacts differ from the sources; run contracts/build.sh" >&2
		exit 1
	fi
	echo "contracts: checked-in artefacts match the sources"
fi
