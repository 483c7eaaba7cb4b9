/**
 * The directory's current groups as a support engineer pastes them: a list of SIDs or names,
 * `Get-ADPrincipalGroupMembership` (list or table), `net user <name> /domain` membership lines,
 * or `id -Gn`. Used by the diagnosis to compare with a token.
 */
import { cleanLines } from './text';
import type { ParseResult } from './types';

export interface DirectoryGroup {
  name?: string;
  sid?: string;
}

export interface DirectoryGroups {
  format: 'sid-list' | 'ad-principal' | 'net-user' | 'ldif' | 'name-list' | 'unknown';
  groups: DirectoryGroup[];
}

const SID = /\bS-1-\d+(?:-\d+){1,14}\b/;

export function parseDirectoryGroups(input: string): ParseResult<DirectoryGroups> {
  const lines = cleanLines(typeof input === 'string' ? input : '').map((l) => l.text.trim()).filter((l) => l !== '');
  const groups: DirectoryGroup[] = [];
  const value: DirectoryGroups = { format: 'unknown', groups };

  // Get-ADPrincipalGroupMembership | Format-List: blocks of `name : X` / `SID : S-1-...`.
  if (lines.some((l) => /^(?:name|SamAccountName)\s+:/i.test(l)) && lines.some((l) => /^SID\s+:/i.test(l))) {
    value.format = 'ad-principal';
    let current: DirectoryGroup = {};
    const push = (): void => {
      if (current.name || current.sid) {
        groups.push(current);
      }
      current = {};
    };
    for (const l of lines) {
      const m = /^([A-Za-z]+)\s+:\s?(.*)$/.exec(l);
      if (!m) {
        continue;
      }
      const key = (m[1] ?? '').toLowerCase();
      const v = (m[2] ?? '').trim();
      if (key === 'distinguishedname' && (current.name || current.sid)) {
        push();
      }
      if (key === 'name') {
        if (current.name) {
          push();
        }
        current.name = v;
      } else if (key === 'sid') {
        current.sid = SID.exec(v)?.[0] ?? v;
      }
    }
    push();
    return { kind: 'auto', recognized: groups.length > 0, value, warnings: [] };
  }

  // net user x /domain: `Global Group memberships     *Domain Users         *VPN-Users`.
  const netLines = lines.filter((l) => l.includes('*'));
  if (lines.some((l) => /Group Memberships/i.test(l)) && netLines.length > 0) {
    value.format = 'net-user';
    let inGroups = false;
    for (const l of lines) {
      if (/Group Memberships/i.test(l)) {
        inGroups = true;
      } else if (/^The command completed/i.test(l)) {
        inGroups = false;
      }
      if (inGroups) {
        for (const part of l.split('*').slice(1)) {
          const name = part.trim();
          if (name && name.toLowerCase() !== 'none') {
            groups.push({ name });
          }
        }
      }
    }
    return { kind: 'auto', recognized: groups.length > 0, value, warnings: [] };
  }

  // ldbsearch/ldapsearch of the constructed tokenGroups attribute (SIDs as strings).
  if (lines.some((l) => /^tokenGroups:\s*S-1-/i.test(l))) {
    value.format = 'ldif';
    for (const l of lines) {
      const m = /^tokenGroups:\s*(S-1-[\d-]+)/i.exec(l);
      if (m?.[1]) {
        groups.push({ sid: m[1] });
      }
    }
    return { kind: 'auto', recognized: groups.length > 0, value, warnings: [] };
  }

  // `id -Gn user`: one line of names separated by spaces (SSSD names with spaces are ambiguous here).
  if (lines.length === 1 && !SID.test(lines[0] ?? '') && !(lines[0] ?? '').includes('\\')) {
    value.format = 'name-list';
    for (const name of (lines[0] ?? '').split(/\s+/)) {
      groups.push({ name });
    }
    return { kind: 'auto', recognized: groups.length > 0, value, warnings: [] };
  }

  // One group per line: a SID, a name, or `name  S-1-...` (table rows).
  let sids = 0;
  for (const l of lines) {
    if (/^(?:-{3,}|={3,}|name\s+sid|samaccountname)/i.test(l)) {
      continue;
    }
    const sid = SID.exec(l)?.[0];
    const name = (sid ? l.replace(sid, '') : l).replace(/^["']|["',]$/g, '').trim();
    if (sid) {
      sids++;
    }
    groups.push({ ...(name ? { name } : {}), ...(sid ? { sid } : {}) });
  }
  value.format = sids > 0 && sids === groups.length ? 'sid-list' : 'name-list';
  return { kind: 'auto', recognized: groups.length > 0, value, warnings: [] };
}
