// Preloaded with `node --require` where /usr/bin/time is missing: writes the process's peak RSS (KiB) to the file
// named by BENCH_RSS_FILE as it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
