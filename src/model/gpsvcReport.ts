/** A GPSVC summary in words: the Markdown document the Summarize command opens, and the CLI's text. */
import { GPSVC_EVENT_INFO } from '../parse/gpsvc';
import type { GpsvcSummary } from '../parse/gpsvcSummary';

/** "3 group refreshes: 2 stale, 1 new; last at 11:56:10" */
export function groupRefreshHeadline(summary: Pick<GpsvcSummary, 'groupRefreshes' | 'truncatedGroupRefreshes'>): string {
  const all = summary.groupRefreshes;
  const total = all.length + summary.truncatedGroupRefreshes;
  if (total === 0) {
    return 'No group refreshes logged';
  }
  const stale = all.filter((g) => g.outcome === 'old').length;
  const fresh = all.length - stale;
  const last = all[all.length - 1];
  const when = last?.time ? `; last at ${last.date ? `${last.date} ` : ''}${last.time.replace(/:(\d{3})$/, '')}` : '';
  return `${total} group refresh${total === 1 ? '' : 'es'}: ${stale} stale, ${fresh} new${when}`;
}

/** `lineLink(123)` → a link that opens the log at that line. */
export function gpsvcSummaryMarkdown(summary: GpsvcSummary, fileLabel: string, lineLink: (line: number) => string): string {
  const out: string[] = [];
  out.push(`# GPSVC log summary: ${fileLabel}`, '');
  if (!summary.recognized) {
    out.push('> **This is not a Windows GPSVC (Group Policy service) debug log**: no `GPSVC(pid.tid)` line and no Group Policy service message. Nothing below says anything about Group Policy.', '');
  }
  out.push(`**${groupRefreshHeadline(summary)}**`, '');
  const last = summary.groupRefreshes[summary.groupRefreshes.length - 1];
  if (last) {
    out.push(
      last.outcome === 'new'
        ? '> The last group refresh logged **new** security groups: Group Policy saw the current membership.'
        : '> The last group refresh **restored old** security groups: Group Policy still works with the old membership (no domain controller was reached, e.g. the VPN came up after sign-in). Connect the VPN, lock and unlock, then sign out and in.',
      '',
    );
  }
  out.push('| | |', '|---|---|');
  out.push(`| Records | ${summary.recordCount.toLocaleString('en-US')} |`);
  out.push(`| Lines | ${summary.lineCount.toLocaleString('en-US')} |`);
  out.push(`| Processes | ${summary.processes.length} |`);
  out.push(`| First / last time | ${summary.firstTime ?? '—'} / ${summary.lastTime ?? '—'} |`);
  out.push('');
  if (summary.groupRefreshes.length) {
    out.push('## Group refreshes', '', '| Line | Outcome | Time | Process |', '|---|---|---|---|');
    for (const g of summary.groupRefreshes) {
      out.push(`| [${g.line}](${lineLink(g.line)}) | ${g.outcome === 'new' ? '✅ logging new security grps' : '⚠️ restoring old security grps'} | ${[g.date, g.time].filter(Boolean).join(' ')} | ${g.pid ?? ''}${g.tid ? `.${g.tid}` : ''} |`);
    }
    if (summary.truncatedGroupRefreshes) {
      out.push('', `… and ${summary.truncatedGroupRefreshes} more not listed.`);
    }
    out.push('');
  }
  const problems = summary.events.filter((e) => GPSVC_EVENT_INFO[e.kind].severity !== 'info' && e.kind !== 'groups-old');
  if (problems.length) {
    out.push('## Problems', '', '| Line | What | Text |', '|---|---|---|');
    for (const e of problems.slice(0, 200)) {
      out.push(`| [${e.line}](${lineLink(e.line)}) | ${GPSVC_EVENT_INFO[e.kind].title} | ${e.text.replace(/\|/g, '\\|').slice(0, 160)} |`);
    }
    if (problems.length > 200 || summary.truncatedEvents) {
      out.push('', `… more events not listed (${summary.truncatedEvents} beyond the event limit).`);
    }
    out.push('');
  }
  out.push('## Processes', '', '| PID | Records |', '|---|---|');
  for (const p of [...summary.processes].sort((a, b) => b.records - a.records).slice(0, 50)) {
    out.push(`| ${p.pid} | ${p.records.toLocaleString('en-US')} |`);
  }
  out.push('');
  return out.join('\n');
}
