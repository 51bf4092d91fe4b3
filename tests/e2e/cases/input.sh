# Message sources: argument, -F FILE, -F - (stdin only when asked), and text checks.
printf 'Line one\nLine two\n\n  indented\n\n\n' > notes.md
incident open "From a file" -F notes.md
printf 'Piped from a script\n' | incident update 1 -F -
# Cron gives an empty stdin: never read it unless asked.
printf 'must not be read\n' | incident update 1
printf '' | incident update 1 -F -
printf '\n\n  \n' > blank.md
incident update 1 -F blank.md
incident update 1 -F missing.md
# Text that is not UTF-8, or has NUL bytes, is refused rather than altered.
printf 'bad \377 byte' > latin1.txt
incident update 1 -F latin1.txt
printf 'nul \000 byte' > nul.txt
incident update 1 -F nul.txt
# Control characters are kept in the journal and made visible on output.
incident update 1 "$(printf 'red \033[31malert\033[0m and bell \a')"
incident open "$(printf 'title with \033]0;pwned\007 escape')"
incident show 1
incident list
sqlite3 "$INCIDENT_DB" "SELECT hex(body) FROM updates WHERE id = 3"
