// Test and demo workspaces: copies of real corpus samples (never edited, only copied or re-encoded).
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';

export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const GPSVC_VPN_SAMPLE = 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt';

/**
 * Fills `dir` with:
 *   gpsvc.log                     the VPN GPSVC sample (UTF-8, as captured), a name the `gpsvc` language claims
 *   gpsvc-utf16le.gpsvc.log       the same sample re-encoded as UTF-16LE with BOM and CRLF, as Windows writes gpsvc.log
 *   gpsvc-utf16le-nobom.gpsvc.log the same without the BOM (UTF-16LE must then be recognised from the bytes)
 *   fixtures/<folder>/<file>.txt  every corpus sample (whoami, klist, gpsvc, gpresult, id)
 *   directory-groups.txt          a directory listing (SIDs) for the French sample's user with one group added
 */
export function prepareFixtureWorkspace(dir) {
  mkdirSync(dir, { recursive: true });
  const vpn = join(fixturesDir, GPSVC_VPN_SAMPLE);
  copyFileSync(vpn, join(dir, 'gpsvc.log'));
  const text = readFileSync(vpn, 'utf8').replace(/\r?\n/g, '\r\n');
  writeFileSync(join(dir, 'gpsvc-utf16le.gpsvc.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  writeFileSync(join(dir, 'gpsvc-utf16le-nobom.gpsvc.log'), Buffer.from(text, 'utf16le'));
  cpSync(fixturesDir, join(dir, 'fixtures'), { recursive: true, filter: (src) => !src.endsWith('SOURCES.md') });
  // What a support engineer pastes from the directory: the French sample's domain group, plus one
  // group the user was just added to (RID 1200), so the diagnosis has a drift to report.
  writeFileSync(join(dir, 'directory-groups.txt'), 'S-1-5-21-3751794092-3013587998-2465217153-1113\nS-1-5-21-3751794092-3013587998-2465217153-1200\n');
  return dir;
}

/**
 * Demo workspace for `npm start`: the fixture workspace plus pasted outputs under
 * friendly names a support engineer would use.
 */
export function prepareDemoWorkspace(dir) {
  prepareFixtureWorkspace(dir);
  const pasted = join(dir, 'pasted');
  mkdirSync(pasted, { recursive: true });
  const picks = {
    'whoami-groups-fr.txt': 'whoami/fr-domain-user-groups-tssr.txt',
    'whoami-all-en.txt': 'whoami/en-domain-user-whoami-all-htb-university.txt',
    'klist-windows.txt': 'klist-windows/klist-2-and-3-tickets-aes-rc4-lab-vx.txt',
    'klist-sessions.txt': 'klist-windows/klist-sessions-22-sessions-server.txt',
    'klist-mit.txt': 'klist-mit-heimdal/mit-klist-file-ccache-ad-realm-renew-until.txt',
    'gpresult-r.txt': 'gpupdate-gpresult/gpresult-r-dc-admin-user-and-computer-groups.txt',
  };
  for (const [name, source] of Object.entries(picks)) copyFileSync(join(fixturesDir, source), join(pasted, name));
  return dir;
}
