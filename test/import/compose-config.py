# docker-compose 1.29's own `config`, for many projects in one process: Python and compose load once (about a
# second of CPU) instead of once per file set. Reads [{"cwd": ..., "files": [...]}] as JSON on stdin and writes, in
# order, [{"yaml": text} or {"error": message}] as JSON: the text `docker-compose -f ... config` prints.
import json
import os
import sys

from compose.cli.command import get_config_from_options
from compose.config.serialize import serialize_config

results = []
for job in json.load(sys.stdin):
    os.chdir(job['cwd'])
    try:
        results.append({'yaml': serialize_config(get_config_from_options('.', {'--file': job['files']}))})
    except Exception as err:  # a ConfigurationError names what is wrong, as the CLI would print it
        results.append({'error': '%s: %s' % (type(err).__name__, err)})
json.dump(results, sys.stdout)
