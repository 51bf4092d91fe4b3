# import: real Statuspage documents (tests/import/statuspage/, see its SOURCES.md), each whole.
cp "$FIXTURES"/../../import/statuspage/*.json .
incident --db emma.db import emma-2019.json
incident --db emma.db list -n 3
incident --db circleci.db import circleci-2016.json
incident --db circleci.db show 10
incident --db quay.db import quay-2016.json
incident --db telerik.db import telerik-2016.json
incident --db cloudflare.db import cloudflare-2018.json
incident --db cloudflare.db show 1
incident --db github.db import github-2024-incidents.json
incident --db github.db --json import github-2024-incidents.json
incident --db discord.db import discord-2022-incidents.json
incident --db discord.db import discord-2022-scheduled-maintenances.json
# components.json holds no incidents.
incident --db github.db import github-2024-components.json
# The journal's own export imports into the same journal as nothing new.
incident --db emma.db export --format json > emma-export.json
incident --db emma.db import emma-export.json
incident --db emma.db list -q | wc -l
