// Preloaded into a measured process (node --require): writes its peak resident memory, in bytes, on exit.
const { writeFileSync } = require('node:fs');
const target = process.env.KUBEFORGE_BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
