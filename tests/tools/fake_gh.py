#!/usr/bin/env python3
"""A stand-in for the gh CLI: logs each call; lists comments from a JSON file through jq."""

import json
import os
import subprocess
import sys

args = sys.argv[1:]
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\n")
if "--method" in args:
    sys.exit(1 if os.environ.get("FAKE_GH_READ_ONLY") else 0)
with open(os.environ["FAKE_GH_COMMENTS"], encoding="utf-8") as page:
    done = subprocess.run(
        ["jq", "-r", args[args.index("--jq") + 1]],
        stdin=page,
        check=True,
        capture_output=True,
        text=True,
    )
sys.stdout.write(done.stdout)
