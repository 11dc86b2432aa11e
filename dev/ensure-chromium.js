// @ts-check
/**
 * `npm test` runs this first (the `pretest` script): the browser tests drive Debian's
 * Chromium (playwright-core cannot download a browser here). When /usr/bin/chromium is
 * missing and we may install packages (root with apt-get), it is installed; otherwise the
 * message says exactly what to run.
 */
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!canInstall) {
  process.stderr.write(`The browser tests need ${CHROMIUM}. Install it once (Debian/Ubuntu): sudo apt-get update && sudo apt-get install -y chromium\n`);
  process.exit(1);
}
process.stdout.write(`Installing Debian's chromium for the browser tests (${CHROMIUM} is missing)...\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-q'], ['install', '-y', '-q', 'chromium']]) {
  const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (run.status !== 0) {
    process.stderr.write(`apt-get ${args.join(' ')} failed (exit ${run.status}); install chromium by hand and run npm test again.\n`);
    process.exit(1);
  }
}
