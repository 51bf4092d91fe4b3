# search: full text over titles, updates and postmortems, best match first.
incident search ddos
incident -q open "Service interuption" "We are currently investigating this issue." --impact major --at "2019-07-01 18:30"
incident -q update 1 "Our operations provider is target of a DDoS attack." --status identified --at "2019-07-01 18:55"
incident -q resolve 1 "Resolved; the DDoS filtering is now always on." --at "2019-07-02 11:07"
incident -q open "DDoS on the DNS provider" "Name lookups time out." --impact minor --at "2019-07-03 09:00"
incident -q open "Checkout errors" "Payments fail with \"500\"; the provider's API is down." --at "2019-07-03 12:00"
incident -q update 3 "Escape test: $(printf '\033[2J') gone" --at "2019-07-03 12:10"
incident search ddos
incident search DDoS attack
incident search "ddos attack"
incident search provider
incident search provider -n 1
incident search provider --status open
incident search provider --status resolved
incident search provider --since "2019-07-03 00:00"
incident search provider --until "2019-07-03 00:00"
incident search -q provider
incident --json search attack
incident search escape
# User text is never query syntax: quotes, stars, operators and column filters are plain words.
incident search '"500"'
incident search 'provider*'
incident search 'ddos NOT attack'
incident search 'ddos OR payments'
incident search 'NEAR(ddos'
incident search '"'
incident search '*'
incident search 'title:ddos'
# Words match whole (no prefixes), ignoring case and diacritics.
incident search provid
# Postmortems are searched too.
printf 'We moved to a second DNS provider. Räksmörgås.' > postmortem.md
incident -q postmortem 2 -F postmortem.md --at "2019-07-04 10:00"
incident search raksmorgas
# CJK text, written without spaces, is found by any part of it: words of three or more characters
# by the trigram index, shorter ones by substring; mixed with Latin words, every word must match.
incident -q open "数据库连接超时" "东京区域的数据库主节点无响应。" --at "2019-07-04 09:00"
incident -q update 4 "データベースの障害は復旧しました。 The replica took over." --at "2019-07-04 09:30"
incident -q open "서비스 장애" "결제 시스템 오류" --at "2019-07-04 10:00"
incident search 连接超时
incident search 数据
incident search 库
incident search 障害
incident search データベース replica
incident search データベース ddos
incident search 결제
incident search 장애 --status open
incident --json search 主节点
# On a terminal the match is in colour (real escapes shown as <ESC>), never with NO_COLOR, --no-color
# or TERM=dumb; text from the journal has its control characters made visible either way.
"$FIXTURES/on-terminal.sh" incident search provider -n 2 | sed 's/\x1b/<ESC>/g'
"$FIXTURES/on-terminal.sh" incident search escape | sed 's/\x1b/<ESC>/g'
NO_COLOR=1 "$FIXTURES/on-terminal.sh" incident search provider -n 1 | sed 's/\x1b/<ESC>/g'
"$FIXTURES/on-terminal.sh" incident --no-color search provider -n 1 | sed 's/\x1b/<ESC>/g'
TERM=dumb "$FIXTURES/on-terminal.sh" incident search provider -n 1 | sed 's/\x1b/<ESC>/g'
# Errors.
incident search
incident search "   "
incident search ddos --status closed
incident search ddos -n 0
incident search ddos -n many
incident search ddos --since tomorrow
