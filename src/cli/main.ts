/**
 * `tti`: the extension's core without VS Code, for terminals, scripts and our own checks.
 * Exit codes: 0 done, 1 input not of the requested kind (or a failed check), 2 usage error.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { runDiagnoseCommand } from './diagnose';
import { gpsvcSummaryMarkdown, groupRefreshHeadline } from '../model/gpsvcReport';
import { Inspector, currentPlatform } from '../model/inspector';
import { sessionToMarkdown } from '../model/present';
import { InspectorStore } from '../model/store';
import { parseAuto, parserFor } from '../parse/auto';
import type { SectionKind } from '../parse/auto';
import { decode, isKnownEncoding } from '../parse/encoding';
import type { DateOrder } from '../parse/types';
import { windowsPathsFrom } from '../platform/commands';
import { SpawnProcessRunner } from '../platform/spawnRunner';
import { summarizeGpsvcFile } from '../platform/readGpsvcFile';

export const PARSE_KINDS = ['whoami', 'klist', 'klist-tgt', 'klist-sessions', 'klist-purge', 'gpupdate', 'gpresult', 'gpsvc', 'unix-klist', 'id', 'auto'] as const;

const USAGE = `Token & Ticket Inspector command line

Usage:
  tti parse <kind> [file] [--encoding <name>] [--oem <codepage>] [--date-order MDY|DMY|YMD]
      kinds: ${PARSE_KINDS.join(', ')}
      Reads stdin when no file is given. Prints the parse result as JSON.
  tti gpsvc summarize <file> [--json] [--encoding <name>]
  tti snapshot [--json] [--ldap-uri ldap://DC [--ldap-base-dn DN]]
  tti diagnose [--json] [--user NAME] [--directory-groups FILE] [--token FILE]
               [--ldap-uri ldap://DC [--ldap-base-dn DN]]
  tti --help | --version

Exit codes: 0 done, 1 not of that kind / drift found by diagnose --exit-code, 2 usage error.
`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<Buffer>;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) {
      chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    }
    return Buffer.concat(chunks);
  },
};

class UsageError extends Error {}

function dateOrderOf(value: string | undefined): DateOrder | undefined {
  if (value === undefined) {
    return undefined;
  }
  const v = value.toUpperCase();
  if (v === 'MDY' || v === 'DMY' || v === 'YMD') {
    return v;
  }
  throw new UsageError(`--date-order must be MDY, DMY or YMD, not ${value}`);
}

async function readInput(file: string | undefined, io: CliIo): Promise<Buffer> {
  if (!file || file === '-') {
    return io.readStdin();
  }
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function cmdParse(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { encoding: { type: 'string' }, oem: { type: 'string' }, 'date-order': { type: 'string' } },
  });
  const [kind, file, ...rest] = positionals;
  if (!kind || rest.length > 0) {
    throw new UsageError('tti parse <kind> [file]');
  }
  if (!(PARSE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`unknown kind ${kind}; kinds: ${PARSE_KINDS.join(', ')}`);
  }
  if (values.encoding && !isKnownEncoding(values.encoding)) {
    throw new UsageError(`unknown encoding ${values.encoding}`);
  }
  const dateOrder = dateOrderOf(values['date-order']);
  const bytes = await readInput(file, io);
  const { text } = decode(bytes, { ...(values.encoding ? { encoding: values.encoding } : {}), ...(values.oem ? { oemCodePage: values.oem } : {}) });
  const options = dateOrder ? { dateOrder } : {};
  if (kind === 'auto') {
    const result = parseAuto(text, options);
    io.stdout(JSON.stringify(result.value, null, 2) + '\n');
    return result.recognized ? 0 : 1;
  }
  const entry = parserFor(kind as SectionKind);
  if (!entry) {
    throw new UsageError(`unknown kind ${kind}`);
  }
  const result = entry.parse(text, options);
  io.stdout(JSON.stringify({ kind: result.kind, recognized: result.recognized, warnings: result.warnings, ...asObject(result.value) }, null, 2) + '\n');
  return result.recognized ? 0 : 1;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}

async function cmdGpsvc(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, encoding: { type: 'string' } } });
  const [sub, file] = positionals;
  if (sub !== 'summarize' || !file) {
    throw new UsageError('tti gpsvc summarize <file> [--json]');
  }
  if (!fs.existsSync(file)) {
    throw new UsageError(`no such file: ${file}`);
  }
  const summary = await summarizeGpsvcFile(file, values.encoding ? { encoding: values.encoding } : {});
  if (values.json) {
    io.stdout(JSON.stringify(summary, null, 2) + '\n');
  } else {
    io.stdout(`${groupRefreshHeadline(summary)}\n\n${gpsvcSummaryMarkdown(summary, file, (l) => `${file}:${l}`)}`);
  }
  // Like `tti parse`: 1 when the file is not of that kind.
  return summary.recognized ? 0 : 1;
}

async function cmdSnapshot(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, 'ldap-uri': { type: 'string' }, 'ldap-base-dn': { type: 'string' } } });
  const inspector = new Inspector(new InspectorStore(), new SpawnProcessRunner(), () => ({
    platform: currentPlatform(),
    userName: safeUserName(),
    windowsPaths: windowsPathsFrom(process.env, process.arch),
    ...(values['ldap-uri'] ? { ldap: { uri: values['ldap-uri'], ...(values['ldap-base-dn'] ? { baseDn: values['ldap-base-dn'] } : {}) } } : {}),
  }));
  const source = await inspector.refreshMachine();
  if (values.json) {
    io.stdout(JSON.stringify(source, null, 2) + '\n');
  } else {
    io.stdout(`# ${source.label} (${source.platform}, ${source.readAt})\n\n${source.sessions.map(sessionToMarkdown).join('\n')}`);
  }
  return 0;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'parse':
        return await cmdParse(rest, io);
      case 'gpsvc':
        return await cmdGpsvc(rest, io);
      case 'snapshot':
        return await cmdSnapshot(rest, io);
      case 'diagnose':
        return await runDiagnoseCommand(rest, io);
      case '--version':
      case '-v':
        io.stdout('0.1.0\n');
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      default:
        io.stderr(USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`tti: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`tti: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

export { UsageError };

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
