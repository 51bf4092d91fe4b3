# fish completion for incident(1). The candidates come from `incident __complete`, which
# walks the program's own command-line definition and reads incident ids from the journal.

function __incident_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l cmd $tokens[1]
    string match -q -- '*/*' $cmd; and test -x $cmd; or set cmd incident
    set -e tokens[1]
    for line in (command $cmd __complete -- $tokens "$current" 2>/dev/null)
        if test "$line" = ":files"
            __fish_complete_path "$current"
        else
            echo $line
        end
    end
end

complete -c incident -f -a '(__incident_complete)'
