# HTML export: the rebuilt sample as its own page, the same journal as a history grouped by
# local day, an empty history, another zone, and -o. The style sheet is elided ("[style]"):
# its content is checked by the unit tests and by the Chromium test.
incident config set name "Litium AB"
incident config set timezone Europe/Stockholm
incident open "Service interuption" "We are currently investigating this issue." --at "2019-07-01 18:30" --impact major --component "Litium Cloud/Network & infrastructure"
incident update 1 "We are continuing to investigate this issue." --at "2019-07-01 18:30"
incident update 1 "Our operations provider is target of a DDoS attack. We are continuing to verify all our systems but at this time services should be back to normal. Updates will follow." --status identified --at "2019-07-01 18:55"
incident update 1 "Our operations provider have made several configuration changes to adjust their DDoS protection. At this time both our internal and external telemetry shows full recovery. We will actively monitor the situation for the rest of the evening and night." --status monitoring --at "2019-07-01 21:25"
incident resolve 1 "At this time, we are considering this incident resolved. There has been no impact for an extended period. In case of further impact, we will open a new incident. We will update this incident with a post mortem as soon as we have all the information." --at "2019-07-02 11:07"
incident postmortem 1 -F "$FIXTURES/litium-postmortem.md" --at "2019-07-04 15:43"
incident export 1 --format html | sed '/^<style>$/,/^<\/style>$/c [style]'
incident export 1 --format html -o report.html
incident export 1 --format html | cmp - report.html && echo "-o wrote the same page"
incident open "Checkout <em>slow</em> & \"flaky\"" $'Seeing **timeouts** on `/cart`:\n- EU\n- US\n\nDetails: <https://status.example.com/checkout> and [bad](javascript:alert(1))' --at "2019-07-02 00:40" --impact minor --component "Shop/Checkout" --component "Shop/Cart"
incident export --format html | sed '/^<style>$/,/^<\/style>$/c [style]'
incident export 2 --format html --tz America/New_York | grep -E "Posted|<desc|<h1"
incident export --format html --since "2019-08-01 00:00" | grep -E "<title>|class=\"empty\"|<section"
