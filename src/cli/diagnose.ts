/** `tti diagnose`: the diagnosis without VS Code, on this machine or on pasted evidence. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { diagnose, diagnosisMarkdown } from '../model/diagnose';
import { diagnosisInputFrom } from '../model/diagnosisInput';
import { sourceFromEvidence } from '../model/evidence';
import { Inspector, currentPlatform } from '../model/inspector';
import { InspectorStore } from '../model/store';
import type { Source } from '../model/types';
import { decode } from '../parse/encoding';
import { windowsPathsFrom } from '../platform/commands';
import { SpawnProcessRunner } from '../platform/spawnRunner';

interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function runDiagnoseCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      user: { type: 'string' },
      'directory-groups': { type: 'string' },
      token: { type: 'string' },
      'changed-at': { type: 'string' },
      'exit-code': { type: 'boolean' },
      'ldap-uri': { type: 'string' },
      'ldap-base-dn': { type: 'string' },
    },
  });
  const read = (file: string): string => decode(fs.readFileSync(file)).text;
  const directoryText = values['directory-groups'] ? read(values['directory-groups']) : undefined;
  let source: Omit<Source, 'id'>;
  let evidenceText: string | undefined;
  if (values.token) {
    evidenceText = read(values.token);
    source = sourceFromEvidence(evidenceText, values.token);
  } else {
    let userName = values.user;
    if (!userName) {
      try {
        userName = os.userInfo().username;
      } catch {
        userName = process.env.USER;
      }
    }
    const inspector = new Inspector(new InspectorStore(), new SpawnProcessRunner(), () => ({
      platform: currentPlatform(),
      ...(userName ? { userName } : {}),
      windowsPaths: windowsPathsFrom(process.env, process.arch),
      ...(values['ldap-uri'] ? { ldap: { uri: values['ldap-uri'], ...(values['ldap-base-dn'] ? { baseDn: values['ldap-base-dn'] } : {}) } } : {}),
    }));
    source = await inspector.refreshMachine();
  }
  const input = diagnosisInputFrom(source, directoryText, evidenceText);
  if (values['changed-at']) {
    input.changedAt = values['changed-at'];
  }
  const result = diagnose(input);
  io.stdout(values.json ? JSON.stringify(result, null, 2) + '\n' : diagnosisMarkdown(result));
  return values['exit-code'] && result.drift ? 1 : 0;
}
