#!/usr/bin/env bash
# Installs what building and testing ec2-netlab needs, and only what is missing.
#
# Idempotent and fast once everything is there. Run it directly, or source it
# (scripts/dev.sh and scripts/test.sh do) to also get node_modules/.bin first on
# PATH, where Trunk finds the pinned wasm-opt.
#
# Pinned pieces (see README.md and ARCHITECTURE.md):
#   rust target wasm32-unknown-unknown, trunk 0.21.14, wasm-bindgen-cli = the
#   wasm-bindgen version in Cargo.lock, Debian chromium + chromium-driver, the
#   wasm-split of Debian's binaryen package (unpacked under target/), the npm
#   devDependencies of package-lock.json (binaryen's wasm-opt, Playwright, axe).

set -euo pipefail

NETLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NETLAB_ROOT

TRUNK_VERSION="0.21.14"
# Debian's binaryen package, for its wasm-split alone (setup_wasm_split).
BINARYEN_DEB_VERSION="108-1"

setup_log() { printf '[setup] %s\n' "$*"; }
setup_die() {
    printf '[setup] ERROR: %s\n' "$*" >&2
    exit 1
}

# Runs a command as root (directly, or through sudo when not root).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        setup_die "need root (or sudo) to run: $*"
    fi
}

setup_rust() {
    command -v rustup >/dev/null 2>&1 || setup_die "rustup not found: install Rust with rustup first"
    command -v cargo >/dev/null 2>&1 || setup_die "cargo not found on PATH"
    local channel
    channel="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$NETLAB_ROOT/rust-toolchain.toml")"
    if ! rustup toolchain list | grep -q "^${channel}"; then
        setup_log "installing Rust toolchain $channel"
        rustup toolchain install "$channel" --profile minimal -c rustfmt,clippy -t wasm32-unknown-unknown
    fi
    local installed
    installed="$(rustup component list --installed --toolchain "$channel")"
    if ! grep -q '^rust-std-wasm32-unknown-unknown' <<<"$installed"; then
        setup_log "adding target wasm32-unknown-unknown"
        rustup target add --toolchain "$channel" wasm32-unknown-unknown
    fi
    local comp
    for comp in rustfmt clippy; do
        if ! grep -q "^${comp}" <<<"$installed"; then
            setup_log "adding component $comp"
            rustup component add --toolchain "$channel" "$comp"
        fi
    done
}

# Prints the version of a crate that a lock file (by default Cargo.lock) pins.
locked_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "${2:-$NETLAB_ROOT/Cargo.lock}"
}

setup_trunk() {
    if command -v trunk >/dev/null 2>&1 && [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
        return
    fi
    setup_log "installing trunk $TRUNK_VERSION (takes about 15 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
}

setup_wasm_bindgen() {
    local want
    want="$(locked_version wasm-bindgen)"
    [ -n "$want" ] || setup_die "wasm-bindgen not found in Cargo.lock"
    if command -v wasm-bindgen >/dev/null 2>&1 && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $want" ]; then
        return
    fi
    setup_log "installing wasm-bindgen-cli $want (takes about 6 minutes on 2 cores)"
    # Not --locked: the CLI's own lockfile names a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "=$want"
}

setup_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        return
    fi
    command -v apt-get >/dev/null 2>&1 || setup_die "chromium missing and apt-get not available: install chromium and chromium-driver"
    setup_log "installing Debian chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    # Refresh the package lists only when installing from the current ones fails.
    if ! as_root apt-get install -y --no-install-recommends chromium chromium-driver; then
        as_root apt-get update
        as_root apt-get install -y --no-install-recommends chromium chromium-driver
    fi
    [ -x /usr/bin/chromium ] || setup_die "chromium did not install to /usr/bin/chromium"
}

# binaryen's wasm-split, which splits the release build's wasm in two
# (scripts/split-wasm.js). npm's binaryen has no wasm-split; Debian's binaryen package has.
# Only wasm-split and its library are unpacked, under target/: that package's wasm-opt is
# the old one that miscompiles this app's tables, and it must never be on PATH.
setup_wasm_split() {
    local dir="$NETLAB_ROOT/target/tools/binaryen-$BINARYEN_DEB_VERSION"
    WASM_SPLIT="$dir/usr/bin/wasm-split"
    export WASM_SPLIT
    [ -x "$WASM_SPLIT" ] && return
    command -v apt-get >/dev/null 2>&1 || setup_die "wasm-split missing and apt-get not available: unpack Debian's binaryen $BINARYEN_DEB_VERSION into $dir"
    setup_log "unpacking wasm-split from Debian's binaryen $BINARYEN_DEB_VERSION"
    local download
    download="$(mktemp -d)"
    # apt downloads as its own user when it can write there (else it warns).
    if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
        chown _apt "$download"
    fi
    if ! (cd "$download" && apt-get download "binaryen=$BINARYEN_DEB_VERSION"); then
        as_root apt-get update
        (cd "$download" && apt-get download "binaryen=$BINARYEN_DEB_VERSION")
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    dpkg-deb -x "$download"/binaryen_*.deb "$dir"
    rm -rf "$download"
    find "$dir/usr/bin" -type f ! -name wasm-split -delete
    [ -x "$WASM_SPLIT" ] || setup_die "Debian's binaryen $BINARYEN_DEB_VERSION has no usr/bin/wasm-split"
}

setup_npm() {
    command -v npm >/dev/null 2>&1 || setup_die "npm not found: install Node.js 20 and npm"
    local stamp="$NETLAB_ROOT/node_modules/.netlab-setup-stamp"
    local want
    want="$(cat "$NETLAB_ROOT/package.json" "$NETLAB_ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$NETLAB_ROOT/node_modules/.bin/wasm-opt" ]; then
        return
    fi
    setup_log "npm ci"
    (cd "$NETLAB_ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    printf '%s\n' "$want" >"$stamp"
}

setup_cargo_fetch() {
    (cd "$NETLAB_ROOT" && cargo fetch --locked --quiet)
}

# The wasm's panic locations name the source files of the crates it is built from. For the
# registry's crates rustc would write where Cargo keeps them on this machine; they are
# written from the crate's own directory instead (tachys-0.2.19/src/...), so the bundle
# names no build machine's paths and is the same wherever it is built. The wasm target's
# own rustflags in .cargo/config.toml still apply: Cargo joins the two lists.
setup_remap_paths() {
    local src flags=""
    for src in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
        [ -d "$src" ] || continue
        case "$src" in
            *[[:space:]]*) setup_die "the Cargo home '$src' has a space in its path; rustflags cannot name it" ;;
        esac
        flags="$flags --remap-path-prefix=$src="
    done
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${flags# }"
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
}

setup_path() {
    case ":$PATH:" in
        *":$NETLAB_ROOT/node_modules/.bin:"*) ;;
        *) PATH="$NETLAB_ROOT/node_modules/.bin:$PATH" ;;
    esac
    case ":$PATH:" in
        *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;
        *) PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin" ;;
    esac
    export PATH
}

setup_main() {
    local started=$SECONDS
    cd "$NETLAB_ROOT"
    setup_path
    setup_rust
    setup_trunk
    setup_wasm_bindgen
    setup_chromium
    setup_wasm_split
    setup_npm
    setup_cargo_fetch
    setup_remap_paths
    local wasm_opt
    wasm_opt="$(command -v wasm-opt || true)"
    [ "$wasm_opt" = "$NETLAB_ROOT/node_modules/.bin/wasm-opt" ] ||
        setup_die "wasm-opt on PATH is '$wasm_opt', expected the npm binaryen in node_modules/.bin"
    setup_log "ready in $((SECONDS - started)) s (trunk $TRUNK_VERSION, $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3))"
}

setup_main
