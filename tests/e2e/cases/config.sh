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
