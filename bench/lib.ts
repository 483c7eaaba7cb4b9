/**
 * What the benchmark needs from the TypeScript sources, bundled by bench/run.mjs with esbuild:
 * the collector behind the views' refresh, the MIT test realm, and every parser.
 */
import { ProcessIdMemo, collectMachine } from '../src/model/collect';
import type { CollectOptions } from '../src/model/collect';
import { parseAuto } from '../src/parse/auto';
import { parseGpresult } from '../src/parse/gpresult';
import { parseGpsvc } from '../src/parse/gpsvc';
import { parseGpupdate } from '../src/parse/gpupdate';
import { parseId } from '../src/parse/id';
import { parseKlist } from '../src/parse/klist';
import { parseKlistSessions } from '../src/parse/klistSessions';
import { parseKlistTgt } from '../src/parse/klistTgt';
import type { ParseResult } from '../src/parse/types';
import { parseUnixKlist } from '../src/parse/unixKlist';
import { parseWhoami } from '../src/parse/whoami';
import { SpawnProcessRunner } from '../src/platform/spawnRunner';
import { startMitRealm } from '../test/kerberos/realm';
import type { MitRealm } from '../test/kerberos/realm';

export type { MitRealm };
export { startMitRealm };

const runner = new SpawnProcessRunner();
// As the extension's Inspector does with the real runner: this process's own id is read once.
const processIdMemo = new ProcessIdMemo();

/**
 * One refresh of the Linux views' data: the token (this process's id, from the memo after the
 * first) and `klist -A -f -e`, parsed; with `directory` also `id <user>`, as `tti snapshot` does.
 */
export async function refreshOnce(userName: string, env: Readonly<Record<string, string>>, directory: boolean): Promise<{ sessions: number; caches: number; problems: number }> {
  const options: CollectOptions = { platform: 'linux', userName, env, dateOrder: 'MDY', processIdMemo, directory };
  const source = await collectMachine(runner, options);
  const caches = source.sessions.reduce((n, s) => n + (s.caches?.length ?? 0), 0);
  const problems = source.problems.length + source.sessions.reduce((n, s) => n + s.problems.length, 0);
  return { sessions: source.sessions.length, caches, problems };
}

/** Each parser with the corpus folders (and file name prefixes) of its kind. */
/**
 * `firstOutputOnly`: the parser reads one output per paste (a second `whoami /all` or `klist tgt`
 * ends it, with a warning; `auto` splits such pastes), so on the repeated concatenation it reads the
 * first copy only and only the per-sample measurement covers 10 MB.
 */
export const PARSERS: readonly { name: string; parse: (input: string) => ParseResult<unknown>; samples: readonly string[]; firstOutputOnly?: boolean }[] = [
  { name: 'parseWhoami', parse: parseWhoami, samples: ['whoami/'], firstOutputOnly: true },
  { name: 'parseKlist', parse: parseKlist, samples: ['klist-windows/klist-'] },
  { name: 'parseKlistSessions', parse: parseKlistSessions, samples: ['klist-windows/klist-sessions'] },
  { name: 'parseKlistTgt', parse: parseKlistTgt, samples: ['klist-windows/klist-tgt'], firstOutputOnly: true },
  { name: 'parseGpupdate', parse: parseGpupdate, samples: ['gpupdate-gpresult/gpupdate'] },
  { name: 'parseGpresult', parse: parseGpresult, samples: ['gpupdate-gpresult/gpresult'] },
  { name: 'parseUnixKlist', parse: parseUnixKlist, samples: ['klist-mit-heimdal/', 'real/mit-testrealm-klist'] },
  { name: 'parseId', parse: parseId, samples: ['linux-id-sssd/id-', 'real/linux-id-'] },
  { name: 'parseGpsvc', parse: parseGpsvc, samples: ['gpsvc/'] },
  { name: 'parseAuto', parse: parseAuto, samples: ['whoami/', 'klist-windows/', 'gpupdate-gpresult/', 'klist-mit-heimdal/', 'linux-id-sssd/', 'gpsvc/'] },
];

export { GpsvcSummarizer, summarizeGpsvcText } from '../src/parse/gpsvcSummary';
export { LOGON_TYPE_NUMBERS } from '../src/parse/klistSessions';
