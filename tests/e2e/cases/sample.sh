# The sample report's whole timeline (../shared/reference/litium-2019-07-incident.txt),
# recorded with backfilled times in Europe/Stockholm and shown back newest first.
incident config set name "Litium AB"
incident config set timezone Europe/Stockholm
incident open "Service interuption" "We are currently investigating this issue." --at "2019-07-01 18:30" --impact major --component "Litium Cloud/Network & infrastructure"
incident update 1 "We are continuing to investigate this issue." --at "2019-07-01 18:30"
incident update 1 "Our operations provider is target of a DDoS attack. We are continuing to verify all our systems but at this time services should be back to normal. Updates will follow." --status identified --at "2019-07-01 18:55"
incident update 1 "Our operations provider have made several configuration changes to adjust their DDoS protection. At this time both our internal and external telemetry shows full recovery. We will actively monitor the situation for the rest of the evening and night." --status monitoring --at "2019-07-01 21:25"
incident resolve 1 "At this time, we are considering this incident resolved. There has been no impact for an extended period. In case of further impact, we will open a new incident. We will update this incident with a post mortem as soon as we have all the information." --at "2019-07-02 11:07"
incident show 1
incident list
incident list --status open
incident list --status resolved -q
incident show 1 --json
