// Installs the pinned pnpm when the machine has none (corepack is unreliable here), and Debian's
// Chromium for the browser tests when running as root on Debian and it is missing.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const sh = (cmd) => execSync(cmd, { stdio: 'inherit' });
const wanted = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).packageManager.split('@')[1];
let have = '';
try {
  have = execSync('pnpm --version', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {}
if (have !== wanted) {
  console.log(`installing pnpm@${wanted} (found: ${have || 'none'})`);
  sh(`npm install --global pnpm@${wanted}`);
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('installing chromium from Debian for the browser tests');
    sh('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } else {
    console.warn(
      `no Chromium at ${chromium}: install Debian's chromium (or set CHROMIUM_PATH) for the browser tests`,
    );
  }
}
