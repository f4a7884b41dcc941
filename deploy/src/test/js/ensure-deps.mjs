// Installs this directory's npm dependencies exactly as package-lock.json pins them (`npm ci`), unless
// node_modules already holds exactly those: then it does nothing, so an offline build with node_modules in place
// still passes. Run by the deploy module's Maven build before the integration tests.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function installedPackages(lockfile) {
  try {
    const { packages = {} } = JSON.parse(readFileSync(join(here, lockfile), 'utf8'));
    return Object.fromEntries(Object.entries(packages)
      .filter(([path]) => path !== '')
      .map(([path, p]) => [path, `${p.version} ${p.integrity}`]));
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
}

function upToDate() {
  // npm writes node_modules/.package-lock.json as it installs: the same entries as package-lock.json, less the root.
  const wanted = installedPackages('package-lock.json');
  const present = installedPackages('node_modules/.package-lock.json');
  if (wanted === null) throw new Error(`no package-lock.json in ${here}`);
  if (present === null) return false;
  const keys = Object.keys(wanted);
  return keys.length === Object.keys(present).length && keys.every((k) => wanted[k] === present[k]);
}

if (upToDate()) {
  console.log(`npm dependencies in ${here} match package-lock.json`);
} else {
  console.log(`npm ci in ${here}`);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (npm.error) throw npm.error;
  process.exitCode = npm.status ?? 1;
}
