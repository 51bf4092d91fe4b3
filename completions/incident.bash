# bash completion for incident(1). The candidates come from `incident __complete`, which
# walks the program's own command-line definition and reads incident ids from the journal.

_incident() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local cmd=${COMP_WORDS[0]}
    [[ $cmd == */* && -x $cmd ]] || cmd=incident

    # bash splits "--status=open" at "=" (COMP_WORDBREAKS); glue such words back together.
    local -a words=()
    local i word lead=""
    for ((i = 1; i <= COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word == "=" && ${#words[@]} -gt 0 && ${words[-1]} == --* ]]; then
            words[-1]+="="
        elif [[ ${#words[@]} -gt 0 && ${words[-1]} == --*= && ${COMP_WORDS[i - 1]} == "=" ]]; then
            words[-1]+=$word
        else
            words+=("$word")
        fi
    done
    # Candidates for "--status=o" are "--status=open", but bash replaces only "o" (or "=").
    if [[ ${words[-1]} == --*=* ]]; then
        lead=${words[-1]%%=*}=
    fi

    local out line files=0
    out=$("$cmd" __complete -- "${words[@]}" 2>/dev/null) || return 0
    COMPREPLY=()
    while IFS= read -r line; do
        [[ -z $line ]] && continue
        if [[ $line == ":files" ]]; then
            files=1
            continue
        fi
        line=${line%%$'\t'*}
        COMPREPLY+=("${line#"$lead"}")
    done <<<"$out"
    if ((files)); then
        local IFS=$'\n'
        compopt -o filenames 2>/dev/null
        COMPREPLY+=($(compgen -f -- "$cur"))
    fi
    return 0
}

complete -F _incident incident
