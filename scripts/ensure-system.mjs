#!/usr/bin/env node
// Installs missing Debian packages the real-VS-Code harness needs (chromium, libkrb5-dev, pkg-config).
// Usage: node scripts/ensure-system.mjs chromium libkrb5-dev pkg-config
// Every machine starts fresh, so the project itself must install what it needs; this is that step.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** True when dpkg reports the package as fully installed. */
export function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'installed';
}

/**
 * Installs the given Debian packages when missing. Returns the list it installed.
 * Throws with a message naming the packages when it cannot (not root, no apt, apt failure).
 */
export function ensureSystemPackages(packages, { log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return [];
  const hint = `sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them as root:\n  ${hint}`);
  }
  if (spawnSync('which', ['apt-get']).status !== 0) {
    throw new Error(`missing packages ${missing.join(', ')} and no apt-get on this system. Install them with your package manager.`);
  }
  // apt must not stop to ask anything (CI has no stdin).
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`[ensure-system] installing ${missing.join(' ')} (apt-get update first)`);
  const update = spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) log('[ensure-system] apt-get update failed; trying the install with the current lists');
  const args = ['install', '-y', '--no-install-recommends', ...missing];
  let install = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (install.status !== 0) {
    // A lock held by a finishing unattended job or a transient mirror error: one retry.
    log('[ensure-system] apt-get install failed; retrying once');
    install = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
  const still = missing.filter((p) => !isInstalled(p));
  if (install.status !== 0 || still.length > 0) {
    throw new Error(`apt-get could not install: ${still.join(', ') || missing.join(', ')} (exit ${install.status}). Try:\n  ${hint}`);
  }
  log(`[ensure-system] installed ${missing.join(' ')}`);
  return missing;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const packages = process.argv.slice(2);
  if (packages.length === 0) {
    console.error('usage: node scripts/ensure-system.mjs <debian-package>...');
    process.exit(2);
  }
  try {
    const installed = ensureSystemPackages(packages);
    console.log(installed.length ? `installed: ${installed.join(' ')}` : `already installed: ${packages.join(' ')}`);
  } catch (error) {
    console.error(`[ensure-system] ${error.message}`);
    process.exit(1);
  }
}
