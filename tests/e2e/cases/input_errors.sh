# An empty journal path is a usage error, never the default journal.
incident --db "" list
INCIDENT_DB= incident list
# A message file that cannot be read says why, with exit 1 (a file could not be read).
incident open "Disk alarm" -F missing.md
mkdir notes
incident open "Disk alarm" -F notes
incident open "Disk alarm" "Disk at 91%"
incident list
