#!/usr/bin/env bash
# The Debian packages and the install rules. Usage: deb.sh MODE BUILD_DIR
#   build    makes the .debs with CPack into BUILD_DIR/package-test: incident, and
#            incident-postgresql when the build has the PostgreSQL module
#   contents checks `cmake --install` and each package's control fields and file list
#   install  (root only) dpkg -i, checks the installed program, man page and completions
#            (and that a server journal needs incident-postgresql, then works with it),
#            then dpkg -r and checks that nothing is left behind
set -u
mode=$1
build=$(readlink -f "$2")
out=$build/package-test
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
finish() {
    [[ $failures -eq 0 ]] || { echo "$failures check(s) failed"; exit 1; }
    echo "all checks passed"
}
package_file() { ls "$out"/incident_*.deb 2>/dev/null | head -n1; }
pg_package_file() { ls "$out"/incident-postgresql_*.deb 2>/dev/null | head -n1; }
# The module's place, relative to the prefix: lib/incident (or lib/<triplet>/incident).
with_postgresql() { grep -q '^INCIDENT_POSTGRESQL:BOOL=ON' "$build/CMakeCache.txt"; }
module_dir() { sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt"; }

installed_files=(
    /usr/bin/incident
    /usr/share/man/man1/incident.1.gz
    /usr/share/bash-completion/completions/incident
    /usr/share/zsh/vendor-completions/_incident
    /usr/share/fish/vendor_completions.d/incident.fish
    /usr/share/doc/incident/copyright
)

case $mode in
build)
    command -v dpkg-shlibdeps >/dev/null || { echo "SKIP: dpkg-dev is not installed"; exit 77; }
    rm -rf "$out" && mkdir -p "$out"
    cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" || exit 1
    deb=$(package_file)
    [[ -n $deb ]] || { echo "FAIL: cpack made no .deb"; exit 1; }
    echo "built $deb ($(stat -c %s "$deb") bytes)"
    if with_postgresql; then
        pg=$(pg_package_file)
        [[ -n $pg ]] || { echo "FAIL: cpack made no incident-postgresql .deb"; exit 1; }
        echo "built $pg ($(stat -c %s "$pg") bytes)"
    fi
    ;;
contents)
    prefix=$(mktemp -d "${TMPDIR:-/tmp}/incident-install.XXXXXX")
    trap 'rm -rf "$prefix"' EXIT
    cmake --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install"
    for f in "${installed_files[@]}"; do
        [[ -f $prefix/${f#/usr/} ]] && ok "cmake --install puts ${f#/usr/}" || fail "cmake --install: no ${f#/usr/}"
    done
    [[ $("$prefix/bin/incident" --version) == "incident "* ]] && ok "installed binary runs" || fail "installed binary"
    [[ $(gzip -dc "$prefix/share/man/man1/incident.1.gz" | head -c 100000) == *".TH INCIDENT 1"* ]] &&
        ok "man page is gzipped roff" || fail "man page is not gzipped roff"

    deb=$(package_file)
    [[ -n $deb ]] || { echo "FAIL: no package in $out (run the build mode first)"; exit 1; }
    field() { dpkg-deb -f "$deb" "$1"; }
    [[ $(field Package) == incident ]] && ok "Package: incident" || fail "Package: $(field Package)"
    [[ $(field Maintainer) == *@* ]] && ok "Maintainer: $(field Maintainer)" || fail "no Maintainer"
    [[ -n $(field Description) ]] && ok "has a description" || fail "no Description"
    depends=$(field Depends)
    for dep in libc6 libsqlite3-0 tzdata; do
        [[ $depends == *"$dep"* ]] && ok "Depends on $dep" || fail "Depends lacks $dep: $depends"
    done
    # date and fmt are compiled in and libstdc++ is static (start-up time, docs/PERFORMANCE.md).
    for dep in libfmt libdate-tz libstdc++; do
        [[ $depends != *"$dep"* ]] && ok "no dependency on $dep" || fail "Depends has $dep: $depends"
    done
    listing=$(dpkg-deb -c "$deb")
    for f in "${installed_files[@]}"; do
        [[ $listing == *" .$f"* ]] && ok "package has $f" || fail "package lacks $f"
    done
    files=$(grep -c '^-' <<<"$listing")
    [[ $files -eq ${#installed_files[@]} ]] && ok "package has only those files" ||
        fail "package has $files files: $listing"
    [[ $depends != *libpq* ]] && ok "no dependency on libpq" || fail "Depends has libpq: $depends"
    file -b "$deb" | grep -q "Debian binary package" && ok "file(1) says Debian package" || fail "file(1): $(file -b "$deb")"
    echo "package size: $(stat -c %s "$deb") bytes; installed size: $(field Installed-Size) KiB"
    if with_postgresql; then
        module=$(module_dir)/incident/incident-postgresql.so
        [[ -f $prefix/$module ]] && ok "cmake --install puts $module" || fail "cmake --install: no $module"
        pg=$(pg_package_file)
        [[ -n $pg ]] || { echo "FAIL: no incident-postgresql package in $out"; exit 1; }
        pfield() { dpkg-deb -f "$pg" "$1"; }
        [[ $(pfield Package) == incident-postgresql ]] && ok "Package: incident-postgresql" ||
            fail "Package: $(pfield Package)"
        pdepends=$(pfield Depends)
        for dep in libpq5 "incident (= $(field Version))"; do
            [[ $pdepends == *"$dep"* ]] && ok "incident-postgresql depends on $dep" || fail "Depends lacks $dep: $pdepends"
        done
        plisting=$(dpkg-deb -c "$pg")
        for f in "/usr/$module" /usr/share/doc/incident-postgresql/copyright; do
            [[ $plisting == *" .$f"* ]] && ok "incident-postgresql has $f" || fail "incident-postgresql lacks $f"
        done
        [[ $(grep -c '^-' <<<"$plisting") -eq 2 ]] && ok "incident-postgresql has only those files" ||
            fail "incident-postgresql files: $plisting"
        [[ $(objdump -p "$prefix/$module" | grep NEEDED) == *libpq.so.5* ]] && ok "the module needs libpq.so.5" ||
            fail "module NEEDED: $(objdump -p "$prefix/$module" | grep NEEDED)"
        echo "incident-postgresql size: $(stat -c %s "$pg") bytes"
    fi
    ;;
install)
    if [[ $(id -u) -ne 0 ]]; then
        echo "SKIP: installing the package needs root (dpkg -i); run the tests as root to check it"
        exit 77
    fi
    deb=$(package_file)
    [[ -n $deb ]] || { echo "FAIL: no package in $out (run the build mode first)"; exit 1; }
    if dpkg-query -W -f='${Status}' incident 2>/dev/null | grep -q "installed"; then
        echo "SKIP: a package named incident is already installed; not touching it"
        exit 77
    fi
    for f in "${installed_files[@]}"; do
        [[ -e $f ]] && { echo "SKIP: $f exists outside the package; not touching it"; exit 77; }
    done
    # Another process may hold the dpkg lock (e.g. apt-get); wait for it, bounded.
    dpkg_retry() {
        local i
        for ((i = 0; i < 30; i++)); do
            "$@" 2>"$out/dpkg.err" && return 0
            grep -q "lock" "$out/dpkg.err" || { cat "$out/dpkg.err"; return 1; }
            sleep 2
        done
        cat "$out/dpkg.err"
        return 1
    }
    pg=""
    if with_postgresql; then
        pg=$(pg_package_file)
        if dpkg-query -W -f='${Status}' incident-postgresql 2>/dev/null | grep -q "installed"; then
            echo "SKIP: a package named incident-postgresql is already installed; not touching it"
            exit 77
        fi
    fi
    cleanup() {
        dpkg-query -W incident-postgresql >/dev/null 2>&1 && dpkg_retry dpkg -r incident-postgresql >/dev/null
        dpkg-query -W incident >/dev/null 2>&1 && dpkg_retry dpkg -r incident >/dev/null
    }
    trap cleanup EXIT
    dpkg_retry dpkg -i "$deb" >/dev/null && ok "dpkg -i" || { fail "dpkg -i"; finish; }
    for f in "${installed_files[@]}"; do
        [[ -f $f ]] && ok "installed $f" || fail "not installed: $f"
    done
    [[ $(/usr/bin/incident --version) == "incident "* ]] && ok "incident --version: $(/usr/bin/incident --version)" ||
        fail "/usr/bin/incident --version"
    [[ $(man -w incident) == /usr/share/man/man1/incident.1.gz ]] && ok "man -w incident" ||
        fail "man -w incident: $(man -w incident 2>&1)"
    MANWIDTH=80 man incident 2>/dev/null | grep -q "EXIT STATUS" && ok "man incident renders" || fail "man incident"
    # bash-completion loads completions on demand from its completions directory.
    if [[ -f /usr/share/bash-completion/bash_completion ]]; then
        spec=$(bash -c 'source /usr/share/bash-completion/bash_completion; _completion_loader incident; complete -p incident' 2>&1)
        [[ $spec == *"_incident incident"* ]] && ok "bash-completion loads it" || fail "bash-completion: $spec"
    fi
    if command -v zsh >/dev/null; then
        comp=$(zsh -fc 'autoload -U compinit; compinit -u -D; print -r -- $_comps[incident]' 2>&1)
        [[ $comp == _incident ]] && ok "zsh finds it on its default fpath" || fail "zsh: $comp"
    fi
    if command -v fish >/dev/null; then
        offers=$(HOME=$out fish -c 'complete -C"incident "' 2>&1)
        [[ $offers == *"resolve"* ]] && ok "fish loads it from vendor_completions.d" || fail "fish: $offers"
    fi
    if [[ -n $pg ]]; then
        # A socket directory nobody serves: the module, once there, gets as far as connecting.
        url="postgresql:///x?host=$out/no-server&port=1"
        msg=$(/usr/bin/incident --db "$url" list 2>&1)
        [[ $msg == *"install incident-postgresql"* ]] && ok "without incident-postgresql: $msg" ||
            fail "without the module: $msg"
        dpkg_retry dpkg -i "$pg" >/dev/null && ok "dpkg -i incident-postgresql" || fail "dpkg -i incident-postgresql"
        msg=$(/usr/bin/incident --db "$url" list 2>&1)
        [[ $msg == *"cannot connect to the journal's server"* ]] && ok "with it, incident reaches for the server" ||
            fail "with the module: $msg"
        dpkg_retry dpkg -r incident-postgresql >/dev/null && ok "dpkg -r incident-postgresql" || fail "dpkg -r incident-postgresql"
        [[ -e /usr/$(module_dir)/incident ]] && fail "left behind: /usr/$(module_dir)/incident/"
    fi
    dpkg_retry dpkg -r incident >/dev/null && ok "dpkg -r" || fail "dpkg -r"
    for f in "${installed_files[@]}"; do
        [[ -e $f ]] && fail "left behind: $f" || ok "removed $f"
    done
    [[ -d /usr/share/doc/incident ]] && fail "left behind: /usr/share/doc/incident/"
    status=$(dpkg-query -W -f='${Status}' incident 2>/dev/null)
    [[ -z $status || $status == *not-installed* ]] && ok "dpkg knows it is gone" || fail "dpkg status: $status"
    trap - EXIT
    ;;
*)
    echo "usage: deb.sh build|contents|install BUILD_DIR" >&2
    exit 2
    ;;
esac
finish
