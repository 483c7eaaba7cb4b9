/**
 * Pasted evidence (a user's `whoami /all` + `klist` from a ticket) → a Source beside
 * "This machine". Imported text is data only: nothing in it is ever run.
 */
import { parseAuto } from '../parse/auto';
import type { AutoSection } from '../parse/auto';
import type { GpresultResult } from '../parse/gpresult';
import type { IdResult } from '../parse/id';
import type { Klist } from '../parse/klist';
import type { KlistSessions } from '../parse/klistSessions';
import type { DateOrder } from '../parse/types';
import type { UnixKlistResult } from '../parse/unixKlist';
import type { WhoamiResult } from '../parse/whoami';
import { applyLogonType, cacheFromWindowsKlist, cachesFromUnixKlist, errorKindOf, groupsFromId, groupsFromWhoami, klistProblem, logonRowsFromSessions, sessionsAccessProblem, userFromId } from './build';
import type { Platform, SessionInfo, SessionProblem, Source } from './types';

/** `id: 'bob': no such user`: on that machine the account does not resolve, so no group of it applies there. */
function unknownUserProblem(error: IdResult['errors'][number]): SessionProblem {
  return {
    kind: 'unknown-user',
    message: `id: ${error.message} — the account "${error.user}" does not resolve on that machine, so none of its groups apply there.`,
    hint: 'Check the name form the machine expects (user, user@domain or DOMAIN\\user), then that its directory lookup works: SSSD (sssctl user-checks, sssd running, the machine still joined) or winbind (wbinfo -i). A user removed from the directory also looks like this.',
  };
}

export function sourceFromEvidence(text: string, label: string, dateOrder?: DateOrder): Omit<Source, 'id'> {
  const auto = parseAuto(text, dateOrder ? { dateOrder } : {});
  const sessions: SessionInfo[] = [];
  const warnings: string[] = [];
  let logonSessions: Source['logonSessions'];
  let platform: Platform = 'unknown';
  let main: SessionInfo | undefined;
  const sourceProblems: SessionProblem[] = [];

  const newSession = (label: string, logonId: string | null): SessionInfo => {
    const s: SessionInfo = {
      id: `s${sessions.length}${logonId ? `-${logonId}` : ''}`,
      kind: logonId === '0x3e7' ? 'system' : logonId === '0x3e4' ? 'networkService' : 'imported',
      label: logonId === '0x3e7' ? 'SYSTEM (0x3e7)' : logonId === '0x3e4' ? 'NETWORK SERVICE (0x3e4)' : label,
      ...(logonId ? { logonId } : {}),
      problems: [],
    };
    sessions.push(s);
    main ??= s;
    return s;
  };
  /** Output that names a logon session goes to that session; the rest to the paste's main session. */
  const sessionFor = (logonId: string | null, label: string): SessionInfo =>
    (logonId ? sessions.find((s) => s.logonId === logonId) : main) ?? newSession(label, logonId);

  for (const section of auto.value.sections) {
    const where = `lines ${section.startLine}-${section.endLine}`;
    warnings.push(...section.result.warnings.map((w) => `${section.kind}${w.line !== undefined ? ` line ${w.line}` : ''}: ${w.message}`));
    switch (section.kind) {
      case 'whoami': {
        platform = 'windows';
        const w = value<WhoamiResult>(section);
        // A second whoami in the same paste (another user, or the elevated prompt) is its own session.
        const target = main && !main.groups ? main : newSession('Pasted token', null);
        target.groups = groupsFromWhoami(w);
        target.integrityLevel = w.integrityLevel;
        if (w.user) {
          target.user = { ...w.user };
          target.label = `${w.user.name}${w.integrityLevel === 'high' ? ' (elevated)' : ''}`;
        }
        if (w.integrityLevel === 'high') {
          target.kind = 'elevated';
        }
        break;
      }
      case 'klist': {
        platform = 'windows';
        const k = value<Klist>(section);
        for (const run of k.runs.length ? k.runs : [k]) {
          const id = run.targetedLogonId ?? null;
          const s = sessionFor(id, `Pasted klist (${where})`);
          if (!s.logonId && run.currentLogonId) {
            s.logonId = run.currentLogonId;
          }
          if (run.error) {
            s.problems.push(klistProblem(errorKindOf(run.error.code, run.error.status), run.error.message));
            s.caches ??= [];
          } else if (run.tickets.length || run.cachedTicketCount !== null) {
            // A later klist of the same session (after a purge, say) is the newer state.
            s.caches = [cacheFromWindowsKlist(run, id ?? run.currentLogonId)];
          }
        }
        break;
      }
      case 'klist-sessions': {
        platform = 'windows';
        const parsed = value<KlistSessions>(section);
        logonSessions = logonRowsFromSessions(parsed);
        const denied = sessionsAccessProblem(parsed);
        if (denied) {
          sourceProblems.push(denied);
        }
        break;
      }
      case 'gpresult': {
        platform = 'windows';
        const g = value<GpresultResult>(section);
        if (g.userGroups.length) {
          sessions.push({ id: `gpresult-user-${section.startLine}`, kind: 'imported', label: 'gpresult /r: user groups (WMI view, may be stale)', groups: g.userGroups.map((name) => ({ name, attributes: [] })), problems: [] });
        }
        if (g.computerGroups.length) {
          sessions.push({ id: `gpresult-computer-${section.startLine}`, kind: 'imported', label: 'gpresult /r: computer groups (WMI view, may be stale)', groups: g.computerGroups.map((name) => ({ name, attributes: [] })), problems: [] });
        }
        break;
      }
      case 'id': {
        platform = platform === 'unknown' ? 'linux' : platform;
        const id = value<IdResult>(section);
        // A second id in the paste (another user, another host or container) is its own session.
        const s = main && !main.groups ? main : newSession('Pasted id', null);
        s.groups = groupsFromId(id);
        const u = userFromId(id);
        if (u) {
          s.user = u;
          s.label = `${u.name} (id)`;
        } else if (id.errors[0]) {
          s.label = `${id.errors[0].user} (id)`;
        }
        s.problems.push(...id.errors.map(unknownUserProblem));
        break;
      }
      case 'unix-klist': {
        platform = platform === 'unknown' ? 'linux' : platform;
        const k = value<UnixKlistResult>(section);
        const s = sessionFor(null, `Pasted klist (${where})`);
        s.caches = [...(s.caches ?? []), ...cachesFromUnixKlist(k)];
        break;
      }
      default:
        warnings.push(`${section.kind} output at ${where} is shown in its own command, not in the trees.`);
    }
  }
  if (logonSessions) {
    for (const s of sessions) {
      applyLogonType(s, logonSessions);
    }
  }
  if (auto.value.sections.length === 0) {
    warnings.push('Nothing in this text was recognised as whoami, klist, gpresult, id or GPSVC output.');
  }
  return {
    label,
    platform,
    origin: 'evidence',
    sessions,
    ...(logonSessions ? { logonSessions } : {}),
    problems: sourceProblems,
    warnings,
    readAt: new Date().toISOString(),
  };
}

function value<T>(section: AutoSection): T {
  return section.result.value as T;
}
