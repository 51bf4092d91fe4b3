# config get|set|unset: known keys only, zones validated.
incident config get
incident config get name
incident config set name "Litium AB"
incident config get name
incident --json config get name
incident config set timezone Etc/UTC
incident config set timezone Europe/Stockholm
incident config get
incident --json config get
incident config set colour blue
incident config get colour
incident config set timezone "Europe/Atlantis"
incident config set name "   "
incident config unset name
incident config get name
incident config
# The Statuspage page's id and address (import keeps them; exports carry them) are settings too.
incident config get page_id
incident config set page_id kctbh9vrtdwd
incident config set page_url "https://status.example.com"
incident config set page_url "javascript:alert(1)"
incident config set page_url "status.example.com"
incident config get
incident --json export --format json | grep -o '"page":{[^}]*}'
incident config unset page_id
incident config get page_id
