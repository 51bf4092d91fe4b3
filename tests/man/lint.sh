#!/usr/bin/env bash
# Lints docs/incident.1 with man-db and groff (any warning fails), and checks that every
# INCIDENT_* environment variable the source reads is documented under ENVIRONMENT.
# Usage: lint.sh SOURCE_DIR
set -u
top=$(readlink -f "$1")
page=$top/docs/incident.1
failures=0
for tool in man groff; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
if [[ -n $warnings ]]; then
    echo "FAIL: man --warnings:"; printf '%s\n' "$warnings"; failures=$((failures + 1))
else
    echo "ok: man --warnings -l is silent"
fi
warnings=$(groff -man -ww -z -t "$page" 2>&1)
if [[ -n $warnings ]]; then
    echo "FAIL: groff -ww:"; printf '%s\n' "$warnings"; failures=$((failures + 1))
else
    echo "ok: groff -man -ww is silent"
fi

rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null)
environment=$(printf '%s\n' "$rendered" | sed -n '/^ENVIRONMENT/,/^[A-Z]/p')
variables=$(grep -rhoE '"INCIDENT_[A-Z_]+"' "$top/src" | tr -d '"' | sort -u)
for variable in $variables NO_COLOR TERM TZ XDG_DATA_HOME VISUAL EDITOR; do
    if grep -qw -- "$variable" <<<"$environment"; then
        echo "ok: $variable is documented"
    else
        echo "FAIL: $variable is read by the program but not under ENVIRONMENT"
        failures=$((failures + 1))
    fi
done
[[ $failures -eq 0 ]] || exit 1
echo "all checks passed"
