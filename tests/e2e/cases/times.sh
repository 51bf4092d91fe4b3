# --at: accepted formats and clear rejections. The journal's zone is Europe/Stockholm (TZ).
incident open "Latency" "Slow responses" --at "2019-07-01 18:30"
incident update 1 "local with seconds" --at "2019-07-01 18:31:15"
incident update 1 "ISO with Z" --at "2019-07-01T16:32:00Z"
incident update 1 "ISO with offset" --at "2019-07-01T12:33:00-04:00"
incident update 1 "no such day" --at "2019-02-30 10:00"
incident update 1 "trailing junk" --at "2019-07-01 18:30 please"
incident update 1 "date only" --at "2019-07-01"
incident update 1 "words" --at "yesterday"
incident update 1 "DST gap" --at "2019-03-31 02:30"
incident update 1 "DST overlap" --at "2019-10-27 02:30"
incident update 1 "future" --at "2019-07-05 12:00"
incident update 1 "before the incident opened" --at "2019-07-01 18:00"
# The journal's zone setting wins over TZ.
incident config set timezone America/New_York
incident update 1 "New York wall time" --at "2019-07-01 12:40"
incident show 1
incident config set timezone Mars/Olympus
TZ=Asia/Tokyo incident config unset timezone
TZ=Asia/Tokyo incident show 1
TZ=Not/AZone incident list
