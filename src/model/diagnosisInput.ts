/** Gathers the diagnosis input from a source (this machine or evidence) and optional pasted text. */
import type { DiagnosisInput } from './diagnose';
import type { Source } from './types';
import { parseAuto } from '../parse/auto';
import { parseDirectoryGroups } from '../parse/directoryGroups';
import type { Gpresult } from '../parse/gpresult';
import type { GpsvcResult } from '../parse/gpsvc';

/** Diagnosis input from a source (machine or evidence) plus an optional directory listing. */
export function diagnosisInputFrom(source: Omit<Source, 'id'>, directoryText?: string, evidenceText?: string): DiagnosisInput {
  // tokenGroups read from AD (nested groups included) is the truth; the NSS lookup may be a cache's view.
  const adSession = source.sessions.find((s) => s.id === 'directory-ldap' && s.groups);
  const directorySession = source.sessions.find((s) => s.kind === 'directory' && s.id !== 'directory-ldap');
  let directory: DiagnosisInput['directory'];
  if (directoryText !== undefined) {
    directory = { groups: parseDirectoryGroups(directoryText).value.groups, source: 'directory listing' };
  } else if (adSession?.groups) {
    directory = { groups: adSession.groups.map((g) => ({ name: g.name, ...(g.sid ? { sid: g.sid } : {}) })), source: 'tokenGroups read from Active Directory (LDAP)', readAt: source.readAt, domainOnly: true };
  } else if (directorySession?.groups) {
    directory = { groups: directorySession.groups.map((g) => ({ name: g.name })), source: 'fresh NSS lookup (id <user>)', readAt: source.readAt };
  }
  let gpresultGroups: string[] | undefined;
  let gpsvc: DiagnosisInput['gpsvc'];
  if (evidenceText) {
    for (const section of parseAuto(evidenceText).value.sections) {
      if (section.kind === 'gpresult') {
        gpresultGroups = (section.result.value as Gpresult).userGroups;
      } else if (section.kind === 'gpsvc') {
        const last = (section.result.value as GpsvcResult).groupRefreshes.at(-1);
        if (last) {
          gpsvc = { outcome: last.outcome, line: last.line + section.startLine - 1, time: last.time };
        }
      }
    }
  }
  return {
    sessions: source.sessions,
    ...(directory ? { directory } : {}),
    ...(gpresultGroups ? { gpresultGroups } : {}),
    ...(gpsvc ? { gpsvc } : {}),
    platform: source.platform,
  };
}

