# Terminal output: display width of wide and combining text, wrapped bodies, the pager.
# No journal yet is an error; a terminal with an empty journal says so; a pipe prints nothing.
NO_COLOR=1 "$FIXTURES/on-terminal.sh" incident list
incident config set name "Status"
NO_COLOR=1 "$FIXTURES/on-terminal.sh" incident list
incident list
incident open "数据库故障 in 北京" --impact major
incident open $'Cafe\u0301 payments \U0001F525 down'
incident open "Plain ASCII title"
incident open "Plain ASCII title that is quite a bit longer than the terminal is wide, really"
incident update 1 "$(printf 'We are failing over the primary database to the replica in the other data centre; writes are paused until it completes.\n\n  - step one of the plan is indented and long enough to need wrapping on a narrow terminal\n数据库正在切换到备用服务器，写入暂停，直到切换完成。写入暂停，直到切换完成。')"
stty_cols() { NO_COLOR=1 "$FIXTURES/on-terminal.sh" bash -c "stty cols $1 rows 50; $2"; }
stty_cols 72 "PAGER= incident list"
stty_cols 72 "PAGER= incident show 1"
# The pager takes terminal output only; an unknown pager is skipped.
stty_cols 72 "PAGER='sed s/^/paged:/' incident show 3"
PAGER='sed s/^/paged:/' incident show 3
stty_cols 72 "PAGER=no-such-pager incident show 3"
stty_cols 72 "PAGER=cat incident --no-color list --status open -n 0"
