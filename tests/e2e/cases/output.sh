# Output modes: sentences by default, ids with -q, objects with --json.
incident open "API errors" "Elevated 5xx rates" --impact minor --component "Platform/API" --component "Platform/Web" --author alice
incident -q open "Second"
incident --json open "Third" --status identified --at "2019-07-04 15:00" --component Billing
incident update 1 "Mitigated" --status monitoring --impact major --component "Platform/API" --component "Edge/CDN"
incident -q update 1 "quiet"
incident --json update 1 "as json" --author "bob"
incident resolve 1
incident list
incident list -n 2
incident list --since "2019-07-04 15:30"
incident list --until "2019-07-04 15:30" --json
incident list --status open -q
incident show 1
incident show 3
