/**
 * Installs the Debian packages a real-server test needs, and the SkipReason those tests use
 * when the machine cannot run them. Every machine starts fresh, so the tests install what they
 * need themselves; no shell is ever involved (argument arrays only).
 */
import { spawnSync } from 'node:child_process';

/** Thrown (or rejected) when this machine cannot run a real-server test; the test skips visibly. */
export class SkipReason extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkipReason';
  }
}

/** True when dpkg reports the package as fully installed. */
export function isPackageInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'installed';
}

export function missingPackages(packages: readonly string[]): string[] {
  return packages.filter((p) => !isPackageInstalled(p));
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function aptInstall(packages: readonly string[]): { status: number | null; stderr: string } {
  // apt must never stop to ask (no stdin in CI); package scripts that try to start the
  // services are refused in containers, which is harmless: the fixtures start their own.
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  });
  return { status: r.status, stderr: r.error ? String(r.error) : r.stderr };
}

/**
 * Installs whichever of `packages` are missing. Returns undefined when all are installed
 * afterwards, otherwise a reason string for a visible skip (not root, no apt-get, apt failed).
 */
export function ensurePackages(packages: readonly string[], log: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): string | undefined {
  const missing = missingPackages(packages);
  if (missing.length === 0) {
    return undefined;
  }
  const hint = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!isRoot()) {
    return `missing Debian packages ${missing.join(', ')} and not root; install them with: sudo ${hint}`;
  }
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return `missing packages ${missing.join(', ')} and no apt-get on this machine`;
  }
  log(`[ensurePackages] installing ${missing.join(' ')}`);
  let result = aptInstall(missing);
  if (result.status !== 0) {
    // A fresh machine has no package lists yet ("Unable to locate package"): update once, retry.
    log('[ensurePackages] install failed; running apt-get update and retrying');
    spawnSync('apt-get', ['update'], { stdio: 'ignore', timeout: 300_000 });
    result = aptInstall(missing);
  }
  const still = missingPackages(missing);
  if (result.status !== 0 || still.length > 0) {
    const detail = result.stderr.trim().split('\n').slice(-3).join(' | ');
    return `apt-get could not install ${(still.length > 0 ? still : missing).join(', ')} (exit ${String(result.status)}): ${detail}`;
  }
  return undefined;
}

/** Throws SkipReason when the packages cannot be made available. */
export function requirePackages(packages: readonly string[]): void {
  const reason = ensurePackages(packages);
  if (reason !== undefined) {
    throw new SkipReason(reason);
  }
}

/** Throws SkipReason unless running as root (some fixtures change users or bind port 88). */
export function requireRoot(what: string): void {
  if (!isRoot()) {
    throw new SkipReason(`${what} needs root`);
  }
}

/**
 * For a mocha hook: a SkipReason marks the suite skipped and says why on the console (a skipped
 * real-server test must never look like a pass); any other error fails the hook.
 */
export function skipOnReason(ctx: Mocha.Context, error: unknown): never {
  if (error instanceof SkipReason) {
    console.warn(`SKIPPED (${error.message})`);
    ctx.skip();
  }
  throw error;
}
