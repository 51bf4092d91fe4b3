# -o FILE without --format: the extension says which format.
incident open "Checkout errors" "Investigating" --at "2019-07-01 10:00"
incident export -o report.html && head -c 15 report.html && echo
incident export -o feed.xml && sed -n 2p feed.xml
incident export -o feed.atom && sed -n 2p feed.atom
incident export -o data.JSON && head -c 9 data.JSON && echo
incident export -o notes.txt && head -1 notes.txt
# An explicit --format wins; a mismatch with the extension is a warning.
incident export --format md -o report.html && head -1 report.html
# A FIFO is written into, and stays a FIFO.
mkfifo pipe
timeout 20 cat pipe > from-pipe & incident export --format json -o pipe; wait; head -c 9 from-pipe; echo
test -p pipe && echo "pipe is still a FIFO"
# A symlink is followed: its target is replaced, the link stays.
mkdir real && ln -s real/report.md latest.md
incident export -o latest.md && test -L latest.md && head -1 real/report.md
ls -A real
