import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { looksLikeGpresult, parseGpresult } from '../../src/parse/gpresult';
import { looksLikeGpupdate, parseGpupdate } from '../../src/parse/gpupdate';
import { parseAuto } from '../../src/parse/auto';
import { decode, encode } from '../../src/parse/encoding';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { WINDOWS_TOOL_FRAGMENTS, mutate, mutationOps } from '../support/mutate';

const DIR = 'gpupdate-gpresult';
const SYSVOL = `${DIR}/gpupdate-fail-gpt-ini-sysvol-msqa.txt`;
const NO_DC = `${DIR}/gpupdate-fail-no-dc-connectivity-abridged.txt`;
const GPRESULT = `${DIR}/gpresult-r-dc-admin-user-and-computer-groups.txt`;
const AFTER_PURGE = 'klist-windows/klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt';
// Users' pastes from public issues (test/fixtures/extra/SOURCES.md): the corpus has no warning run.
const WARNINGS = 'extra/gpupdate-force-warnings-stig-script-issue.txt';
const VAGRANT = 'extra/gpupdate-warnings-vagrant-detectionlab-issue.txt';
// Localized and reflowed pastes from public pages (test/fixtures/extra/SOURCES.md).
const ES_SUCCESS = 'extra/es-gpupdate-success-both-halves-samba-course.txt';
const REFLOWED = 'extra/en-gpupdate-fail-qa-reflowed-one-line-with-gpresult-no-rsop.txt';
const FR_DOMAIN_ADMIN = 'extra/fr-gpresult-r-banner-computer-and-user-domain-admin.txt';
// Copied from a web code viewer: every line preceded by its own number line (undone by splitLines).
const FR_LOCAL_USER = 'extra/fr-gpresult-r-local-user-line-numbers-interleaved.txt';
const FR_WORKGROUP = 'extra/fr-gpresult-r-computer-section-workgroup-line-numbers-elided.txt';
const ALL = [
  ...listFixtures(DIR), AFTER_PURGE, WARNINGS, VAGRANT, ES_SUCCESS, REFLOWED, FR_DOMAIN_ADMIN,
  'extra/zh-gpupdate-force-ps-prompt-with-inline-comments-reg-add-win11.txt', 'extra/de-gpupdate-force-success-two-lines-samba-pi-guide.txt', 'extra/pt-gpresult-r-scope-user-filtered-wmi-excerpt.txt',
];

// Random damage of the kind pastes suffer: deletions, insertions, truncation, shuffled lines.
const opArb = mutationOps(WINDOWS_TOOL_FRAGMENTS);

describe('gpupdate (unit)', () => {
  it('reads both failing halves of the SYSVOL gpt.ini failure', () => {
    const r = parseGpupdate(readFixture(SYSVOL));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const g = r.value;
    assert.equal(g.computer?.outcome, 'failure');
    assert.equal(g.user?.outcome, 'failure');
    assert.equal(g.computer?.messages.length, 4);
    assert.match(g.computer?.messages[0] ?? '', /^The processing of Group Policy failed\. Windows attempted to read the file \\sb\.com\\SysVol\\sb\.com\\Policies\{8E7CF1BD-C9F9-4B6C-AE32-64293DAA5F55\}\\gpt\.ini from a domain controller/);
    assert.equal(g.computer?.messages[1], 'a) Name Resolution/Network Connectivity to the current domain controller.');
    assert.equal(g.computer?.messages[3], 'c) The Distributed File System (DFS) client has been disabled.');
    assert.match(g.user?.messages[0] ?? '', /Policies\{FE33FBFF-63AF-42B4-840B-286C6F31A7EE\}/);
    assert.equal(g.user?.messages.length, 4);
    assert.deepEqual(g.messages, [
      'Updating policy...',
      'To diagnose the failure, review the event log or run GPRESULT /H GPReport.html from the command line to access information about Group Policy results.',
    ]);
  });

  it('joins re-wrapped lines and keeps the author\'s [same message] abbreviation with a warning', () => {
    const r = parseGpupdate(readFixture(NO_DC));
    const g = r.value;
    assert.equal(g.computer?.outcome, 'failure');
    assert.deepEqual(g.computer?.messages, [
      'The processing of Group Policy failed because of lack of network connectivity to a domain controller. This may be a transient condition. A success message would be generated once the machine gets connected to the domain controller and Group Policy has successfully processed. If you do not see a success message for several hours, then contact your administrator.',
    ]);
    assert.equal(g.user?.outcome, 'failure');
    assert.deepEqual(g.user?.messages, ['[same message]']);
    assert.deepEqual(g.messages, []);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]?.line, 9);
  });

  it('reads both successes after the klist purges of a remote job', () => {
    const g = parseGpupdate(readFixture(AFTER_PURGE)).value;
    assert.deepEqual(g.computer, { outcome: 'success', messages: [] });
    assert.deepEqual(g.user, { outcome: 'success', messages: [] });
    assert.deepEqual(g.messages, ['Updating policy...']);
  });

  it('reads a real run with warnings: one message per failed extension, in both halves', () => {
    const r = parseGpupdate(readFixture(WARNINGS));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const g = r.value;
    assert.equal(g.computer?.outcome, 'warning');
    assert.deepEqual(
      g.computer?.messages.map((m) => /^Windows failed to apply the (.+?) settings\. \1 settings might have its own log file\. Please click on the "More information" link\.$/.exec(m)?.[1]),
      ['Group Policy Registry', 'Software Installation', '{FC491EF1-C4AA-4CE1-B329-414B101DB823}'],
    );
    assert.equal(g.user?.outcome, 'warning');
    assert.deepEqual(g.user?.messages, ['Windows failed to apply the Group Policy Registry settings. Group Policy Registry settings might have its own log file. Please click on the "More information" link.']);
    // The paste ends mid-sentence; the hint still belongs to neither half.
    assert.deepEqual(g.messages, ['Updating policy...', 'For more detailed information, review the event log or run GPRESULT /H GPReport.html from the command line to a']);
  });

  it('strips Vagrant\'s "==> dc: " runner prefix from a provisioning log', () => {
    const r = parseGpupdate(readFixture(VAGRANT));
    assert.equal(r.recognized, true);
    assert.equal(r.value.computer?.outcome, 'warning');
    assert.deepEqual(r.value.computer?.messages, ['Windows failed to apply the Group Policy Registry settings. Group Policy Registry settings might have its own log file. Please click on the "More information" link.']);
    assert.equal(r.value.user?.outcome, 'success');
    assert.deepEqual(r.value.messages, ['For more detailed information, review the event log or run GPRESULT /H GPReport.html from the command line to access information about Group Policy results.']);
    assert.equal(looksLikeGpupdate(readFixture(VAGRANT)), true);
  });

  it('matches the headers case-insensitively', () => {
    const text = readFixture(SYSVOL);
    const upper = parseGpupdate(text.replace('Computer policy could not', 'COMPUTER POLICY COULD NOT').replace('User Policy could not', 'user policy could not')).value;
    assert.deepEqual(upper, parseGpupdate(text).value);
    const shouted = parseGpupdate(readFixture(AFTER_PURGE).toUpperCase()).value;
    assert.equal(shouted.computer?.outcome, 'success');
    assert.equal(shouted.user?.outcome, 'success');
  });

  it('does not claim gpresult or klist output', () => {
    assert.equal(parseGpupdate(readFixture(GPRESULT)).recognized, false);
    assert.equal(looksLikeGpupdate(readFixture(GPRESULT)), false);
    assert.equal(parseGpupdate(readFixture('klist-windows/klist-2-and-3-tickets-aes-rc4-lab-vx.txt')).recognized, false);
    for (const f of [SYSVOL, NO_DC, AFTER_PURGE]) {
      assert.equal(looksLikeGpupdate(readFixture(f)), true, f);
    }
  });
});

describe('gpresult (unit)', () => {
  const text = readFixture(GPRESULT);
  const r = parseGpresult(text);
  const g = r.value;

  it('reads the RSOP header, DNs, domain and last-applied times', () => {
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.equal(g.user, 'acc\\Administrator');
    assert.equal(g.computer, 'DC');
    assert.equal(g.computerDn, 'CN=DC,OU=Domain Controllers,DC=acc,DC=lab');
    assert.equal(g.userDn, 'CN=Administrator,CN=Users,DC=acc,DC=lab');
    assert.equal(g.domain, 'acc');
    assert.deepEqual(g.lastApplied, { computer: '5/30/2024 at 8:25:21 AM', user: '5/30/2024 at 8:16:36 AM' });
  });

  it('reads the 14 computer groups', () => {
    assert.equal(g.computerGroups.length, 14);
    assert.equal(g.computerGroups[0], 'BUILTIN\\Administrators');
    assert.ok(g.computerGroups.includes('DC$'));
    assert.ok(g.computerGroups.includes('NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS'));
    assert.equal(g.computerGroups[13], 'System Mandatory Level');
  });

  it('reads the 17 user groups', () => {
    assert.equal(g.userGroups.length, 17);
    assert.deepEqual(g.userGroups.slice(0, 3), ['Domain Users', 'Everyone', 'BUILTIN\\Administrators']);
    for (const name of ['Domain Admins', 'Schema Admins', 'Enterprise Admins', 'Group Policy Creator Owners', 'CONSOLE LOGON']) {
      assert.ok(g.userGroups.includes(name), name);
    }
    assert.equal(g.userGroups[16], 'High Mandatory Level');
  });

  it('reads applied GPOs and leaves out filtered ones and N/A', () => {
    assert.deepEqual(g.appliedGpos.computer, ['Default Domain Controllers Policy', 'Default Domain Policy', 'Remote Desktop', 'Local Group Policy']);
    assert.deepEqual(g.appliedGpos.user, []);
  });

  it('reads a paste that lost its indentation (lists end at blank lines)', () => {
    const flat = parseGpresult(text.split('\n').map((l) => l.trim()).join('\n')).value;
    assert.deepEqual(flat.userGroups, g.userGroups);
    assert.deepEqual(flat.computerGroups, g.computerGroups);
  });

  it('only claims gpresult output', () => {
    assert.equal(looksLikeGpresult(text), true);
    for (const f of [SYSVOL, NO_DC, AFTER_PURGE, 'klist-windows/klist-sessions-22-sessions-server.txt']) {
      assert.equal(looksLikeGpresult(readFixture(f)), false, f);
      assert.equal(parseGpresult(readFixture(f)).recognized, false, f);
    }
  });
});

describe('gpupdate in other languages and paste forms (unit)', () => {
  it('reads a Spanish run: both halves succeeded, "Actualizando directiva…" with the ellipsis character', () => {
    const text = readFixture(ES_SUCCESS);
    const r = parseGpupdate(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.value, {
      computer: { outcome: 'success', messages: [] },
      user: { outcome: 'success', messages: [] },
      messages: ['Actualizando directiva…'],
    });
    assert.equal(looksLikeGpupdate(text), true);
    assert.equal(looksLikeGpresult(text), false);
  });

  it('accepts "Updating policy…" with the ellipsis character, as "Updating policy..."', () => {
    const text = readFixture(AFTER_PURGE).replace('Updating policy...', 'Updating policy…');
    const r = parseGpupdate(text);
    assert.deepEqual(r.value.messages, ['Updating policy…']);
    assert.equal(r.value.computer?.outcome, 'success');
    const onlyUpdating = parseGpupdate('Updating policy…');
    assert.equal(onlyUpdating.recognized, true);
    assert.equal(looksLikeGpupdate('Updating policy…\n'), true);
  });

  it('reads the error text a Q&A reflow put on the failure header\'s line', () => {
    const r = parseGpupdate(readFixture(REFLOWED));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.value.computer?.outcome, 'failure');
    assert.equal(r.value.computer?.messages.length, 1);
    assert.match(r.value.computer?.messages[0] ?? '', /^The processing of Group Policy failed\. Windows attempted to retrieve new Group Policy settings for this user or computer\. .* An event will be logged when Group Policy is successful\.$/);
    assert.equal(r.value.user, null);
    assert.deepEqual(r.value.messages, ['To diagnose the failure, review the event log or run GPRESULT /H GPReport.html from the command line to access information about Group Policy results.']);
    assert.equal(looksLikeGpupdate(readFixture(REFLOWED)), true);
  });

  it('skips any white space (TAB, NBSP, ideographic) around the reflowed header\'s second sentence', () => {
    const text = readFixture(REFLOWED);
    const spaced = text.replace(/successfully\. The following errors were encountered: +/, 'successfully.\t\u00a0the following ERRORS were encountered:\u3000');
    assert.notEqual(spaced, text);
    const r = parseGpupdate(spaced).value;
    assert.equal(r.computer?.outcome, 'failure');
    assert.equal(r.computer?.messages.length, 1);
    assert.deepEqual(r.computer?.messages, parseGpupdate(text).value.computer?.messages);
    assert.match(r.computer?.messages[0] ?? '', /^The processing of Group Policy failed\. Windows attempted/);
  });
});

describe('gpresult in French and other answers (unit)', () => {
  it('reads a French domain admin\'s computer and user halves', () => {
    const text = readFixture(FR_DOMAIN_ADMIN);
    const r = parseGpresult(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const g = r.value;
    assert.equal(g.user, 'NOVACORP\\Administrateur');
    assert.equal(g.computer, 'CLT01');
    assert.equal(g.domain, 'NOVACORP');
    assert.equal(g.computerDn, 'CN=CLT01,OU=Workstations,DC=novacorp,DC=test');
    assert.equal(g.userDn, 'CN=Administrateur,CN=Users,DC=novacorp,DC=test');
    assert.deepEqual(g.lastApplied, { computer: '02/10/2026 à 14:14:41', user: '02/10/2026 à 14:14:42' });
    assert.deepEqual(g.appliedGpos, { computer: ['GPO-Workstations-Security', 'GPO-LAPS', 'Default Domain Policy'], user: [] });
    assert.equal(g.computerGroups.length, 10);
    assert.deepEqual(g.computerGroups.slice(0, 2), ['Administrateurs', 'Tout le monde']);
    assert.ok(g.computerGroups.includes('CLT01$'));
    assert.equal(g.computerGroups[9], 'Niveau obligatoire système');
    assert.equal(g.userGroups.length, 16);
    assert.equal(g.userGroups[0], 'Utilisateurs du domaine');
    assert.ok(g.userGroups.includes('Admins du domaine'));
    assert.ok(g.userGroups.includes('Administrateurs de l’entreprise'));
    assert.equal(g.userGroups[15], 'Niveau obligatoire élevé');
    assert.equal(g.noRsopData, null);
    assert.equal(looksLikeGpresult(text), true);
    assert.equal(looksLikeGpupdate(text), false);
    assert.equal(parseGpupdate(text).recognized, false);
  });

  it('reads a French local user\'s half pasted with a code viewer\'s line numbers', () => {
    const text = readFixture(FR_LOCAL_USER);
    const r = parseGpresult(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const g = r.value;
    assert.equal(g.user, 'CLIENT1\\wilder');
    assert.equal(g.computer, 'CLIENT1');
    assert.equal(g.userDn, null);
    assert.equal(g.domain, 'CLIENT1');
    assert.deepEqual(g.lastApplied, { user: '23/04/2024 à 10:31:57', computer: null });
    assert.deepEqual(g.appliedGpos, { user: [], computer: [] });
    assert.deepEqual(g.userGroups, [
      'Aucun',
      'Tout le monde',
      'Compte local et membre du groupe Administrateurs',
      'Administrateurs',
      'Utilisateurs',
      'INTERACTIF',
      'OUVERTURE DE SESSION DE CONSOLE',
      'Utilisateurs authentifiés',
      'Cette organisation',
      'Compte local',
      'LOCAL',
      'Authentifications NTLM',
      'Niveau obligatoire élevé',
    ]);
    assert.deepEqual(g.computerGroups, []);
    assert.equal(looksLikeGpresult(text), true);
  });

  it('reads a French workgroup computer half (dotted labels) and warns about the author\'s [...]', () => {
    const text = readFixture(FR_WORKGROUP);
    const r = parseGpresult(text);
    assert.equal(r.recognized, true);
    const g = r.value;
    assert.equal(g.user, 'CLIENT2\\Administrateur');
    assert.equal(g.computer, 'CLIENT2');
    assert.equal(g.domain, 'DESKTOP-5B4HQH8');
    assert.equal(g.computerDn, null);
    assert.deepEqual(g.lastApplied, { computer: '23/04/2024 à 10:31:04', user: null });
    assert.deepEqual(g.appliedGpos, { computer: [], user: [] });
    assert.deepEqual(g.computerGroups, ['Administrateurs', 'Tout le monde', 'Utilisateurs authentifiés', 'Niveau obligatoire système']);
    assert.deepEqual(g.userGroups, []);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]?.message ?? '', /abbreviates.*"\[\.\.\.\]"/);
    assert.equal(looksLikeGpresult(text), true);
  });

  it('reads the French headings with a straight apostrophe, decomposed accents or upper case', () => {
    const text = readFixture(FR_DOMAIN_ADMIN);
    const expected = parseGpresult(text).value;
    assert.equal(parseGpresult(text.replace(/’/g, "'")).value.computerGroups.length, 10);
    const straight = parseGpresult(text.replace(/L’(utilisateur|ordinateur) fait/g, "L'$1 fait").replace('Paramètre de l’ordinateur', "Paramètre de l'ordinateur")).value;
    assert.deepEqual(straight, expected);
    assert.deepEqual(parseGpresult(text.normalize('NFD')).value, expected);
    const shouted = parseGpresult(text.replace('Paramètre de l’ordinateur', 'PARAMÈTRE DE L’ORDINATEUR').replace(/Objets Stratégie de groupe appliqués/g, 'OBJETS STRATÉGIE DE GROUPE APPLIQUÉS')).value;
    assert.deepEqual(shouted, expected);
  });

  it('reads "does not have RSoP data" quoted in prose as the user gpresult has no record of', () => {
    const text = readFixture(REFLOWED);
    const r = parseGpresult(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.value.noRsopData, { user: 'sevenkingdoms.local\\robb.stark' });
    assert.deepEqual(r.value.userGroups, []);
    // Mid-line in prose: auto must still take the paste as the gpupdate run it mostly is.
    assert.equal(looksLikeGpresult(text), false);
    const line = text.split('\n')[0] ?? '';
    const answer = line.slice(line.indexOf('INFO:'), line.lastIndexOf('`'));
    assert.equal(looksLikeGpresult(answer), true);
    assert.deepEqual(parseGpresult(answer).value.noRsopData, { user: 'sevenkingdoms.local\\robb.stark' });
  });
});

describe('gpupdate and gpresult paste variants (unit)', () => {
  it('CRLF, Markdown quoting and cp437 bytes give the same results', () => {
    for (const f of ALL) {
      const text = readFixture(f);
      assert.deepEqual(parseGpupdate(toCrlf(text)), parseGpupdate(text), f);
      assert.deepEqual(parseGpresult(toCrlf(text)), parseGpresult(text), f);
      const quoted = text.split('\n').map((l) => `> ${l}`).join('\n');
      assert.deepEqual(parseGpupdate(quoted).value, parseGpupdate(text).value, f);
      assert.deepEqual(parseGpresult(quoted).value, parseGpresult(text).value, f);
    }
    const bytes = encode(readFixture(GPRESULT), 'cp437');
    assert.deepEqual(parseGpresult(decode(bytes, { encoding: 'cp437' }).text), parseGpresult(readFixture(GPRESULT)));
  });

  it('stays fast on 1 MB hostile lines', () => {
    const hostile = [
      'a'.repeat(1_000_000),
      `RSOP data for ${' on '.repeat(250_000)}`,
      `Computer policy could not be updated successfully.${' '.repeat(1_000_000)}x`,
      `${' '.repeat(1_000_000)}x`,
      `[${'x'.repeat(1_000_000)}`,
      // Just under the overlong-line limit, so every check runs on them.
      `Données RSOP pour ${' sur '.repeat(3_900)}`,
      `INFO: The user "${'" does not have RSoP data '.repeat(700)}`,
      `Computer policy could not be updated successfully. The following errors were encountered:${' '.repeat(19_000)}x`,
      `Nom du domaine${'.'.repeat(19_000)}`,
    ];
    for (const h of hostile) {
      const started = Date.now();
      assert.equal(typeof parseGpupdate(h).recognized, 'boolean');
      assert.equal(typeof parseGpresult(h).recognized, 'boolean');
      looksLikeGpupdate(h);
      looksLikeGpresult(h);
      assert.ok(Date.now() - started < 1500, h.slice(0, 20));
    }
  });

  it('gpupdate never throws on 1000 mutated samples', () => {
    const samples = ALL.map(readFixture);
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(opArb, { maxLength: 8 }), (sample, ops) => {
        const m = parseGpupdate(mutate(sample, ops));
        assert.equal(m.kind, 'gpupdate');
        assert.equal(typeof m.recognized, 'boolean');
        assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
      }),
      { numRuns: 1000 },
    );
  });

  it('gpresult never throws on 1000 mutated samples', () => {
    const samples = ALL.map(readFixture);
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(opArb, { maxLength: 8 }), (sample, ops) => {
        const m = parseGpresult(mutate(sample, ops));
        assert.equal(m.kind, 'gpresult');
        assert.equal(typeof m.recognized, 'boolean');
        assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
      }),
      { numRuns: 1000 },
    );
  });
});

// Group g2's samples (test/fixtures/extra/SOURCES.md): Chinese, German, Japanese gpupdate; Portuguese gpresult.
const ZH_CMD = 'extra/zh-gpupdate-force-cmd-transcript-win10-18362-banner-prompts.txt';
const ZH_PS = 'extra/zh-gpupdate-force-ps-prompt-with-inline-comments-reg-add-win11.txt';
const DE_SUCCESS = 'extra/de-gpupdate-force-success-two-lines-samba-pi-guide.txt';
const JA_COMPUTER = 'extra/ja-gpupdate-computer-success-blockquote-bold-blog.txt';
const EN_MDM_WARNING = 'extra/en-gpupdate-force-mdm-warning-blockquote-msdocs-2020.txt';
const PT_COMPUTER_GROUPS = 'extra/pt-gpresult-r-scope-computer-groups-excerpt-unindented.txt';
const PT_FILTERED = 'extra/pt-gpresult-r-scope-user-filtered-wmi-excerpt.txt';

describe('gpupdate in Chinese, German and Japanese (unit)', () => {
  it('reads a zh-CN cmd transcript: banner and rd prompts skipped, "正在更新策略..." kept, both halves succeeded', () => {
    const text = readFixture(ZH_CMD);
    assert.equal(looksLikeGpupdate(text), true);
    const r = parseGpupdate(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.value, { computer: { outcome: 'success', messages: [] }, user: { outcome: 'success', messages: [] }, messages: ['正在更新策略...'] });
  });

  it('reads a zh-CN PowerShell transcript: the `# comment` prompts and the reg add reply "操作成功完成。" are no gpupdate lines', () => {
    const text = readFixture(ZH_PS);
    assert.equal(looksLikeGpupdate(text), true);
    const r = parseGpupdate(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.value, { computer: { outcome: 'success', messages: [] }, user: { outcome: 'success', messages: [] }, messages: ['正在更新策略...'] });
    assert.deepEqual(parseGpupdate(toCrlf(text)).value, r.value);
  });

  it('reads the German success pair (no "updating" line in this paste)', () => {
    const text = readFixture(DE_SUCCESS);
    assert.equal(looksLikeGpupdate(text), true);
    const r = parseGpupdate(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.value, { computer: { outcome: 'success', messages: [] }, user: { outcome: 'success', messages: [] }, messages: [] });
  });

  it('reads the Japanese computer success line, quoted and bold, with or without the space Windows prints', () => {
    const text = readFixture(JA_COMPUTER);
    assert.equal(looksLikeGpupdate(text), true);
    const r = parseGpupdate(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.value, { computer: { outcome: 'success', messages: [] }, user: null, messages: [] });
    // Microsoft's ja-JP docs spell it `コンピューター ポリシー`: the same line with that space.
    const spaced = text.replace('コンピューターポリシー', 'コンピューター ポリシー');
    assert.notEqual(spaced, text);
    assert.equal(parseGpupdate(spaced).value.computer?.outcome, 'success');
  });

  it('reads the MDM warning run quoted with `>` and bold (Microsoft docs, 2020)', () => {
    const r = parseGpupdate(readFixture(EN_MDM_WARNING));
    assert.equal(r.recognized, true);
    assert.equal(r.value.computer?.outcome, 'warning');
    assert.deepEqual(r.value.computer?.messages, [
      'Windows failed to apply the MDM Policy settings. MDM Policy settings might have its own log file. Please click on the "More information" link.',
    ]);
    assert.deepEqual(r.value.user, { outcome: 'success', messages: [] });
    assert.equal(r.value.messages[0], 'Updating policy...');
    assert.match(r.value.messages[1] ?? '', /^For more detailed information, review the event log or run GPRESULT \/H GPReport\.html/);
  });

  it('parse auto finds the gpupdate section in each of these pastes', () => {
    for (const [f, start] of [[ZH_CMD, 9], [ZH_PS, 4], [DE_SUCCESS, 1], [JA_COMPUTER, 1]] as const) {
      const sections = parseAuto(readFixture(f)).value.sections;
      assert.deepEqual(sections.map((s) => [s.kind, s.startLine]), [['gpupdate', start]], f);
    }
  });
});

describe('gpresult in Portuguese and filtered-out GPOs (unit)', () => {
  it('reads the unindented pt-BR computer group excerpt (machine account, custom group, domain computers)', () => {
    const text = readFixture(PT_COMPUTER_GROUPS);
    assert.equal(looksLikeGpresult(text), true);
    const r = parseGpresult(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.value.computerGroups, ['BA-COATV1$', 'GRP-GPO-EXCECAO-BLOQUEIO-TELA', 'Computadores do domínio']);
    assert.deepEqual(r.value.userGroups, []);
  });

  it('reads the pt-BR filtered-out GPO denied by its WMI filter', () => {
    const text = readFixture(PT_FILTERED);
    assert.equal(looksLikeGpresult(text), true);
    const r = parseGpresult(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.value.filteredGpos, [{ name: 'Bloqueio de Tela_458', reason: 'Negado (filtro WMI)', scope: null }]);
  });

  it('reads the filtered-out GPOs of English and French output with their section', () => {
    assert.deepEqual(parseGpresult(readFixture(GPRESULT)).value.filteredGpos, [{ name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' }]);
    // Two GPOs separated by a blank line, as Windows prints them.
    assert.deepEqual(parseGpresult(readFixture('extra/en-gpresult-z-server2008-html-br-one-line.txt')).value.filteredGpos, [
      { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' },
      { name: 'Default Domain Policy', reason: 'Not Applied (Empty)', scope: 'user' },
    ]);
    // French wraps the heading over two lines.
    assert.deepEqual(parseGpresult(readFixture(FR_DOMAIN_ADMIN)).value.filteredGpos, [
      { name: 'Stratégie de groupe locale', reason: 'Non appliqué (vide)', scope: 'computer' },
      { name: 'Stratégie de groupe locale', reason: 'Non appliqué (vide)', scope: 'user' },
    ]);
  });

  it('keeps the groups of both samples when the filtered list is read', () => {
    const g = parseGpresult(readFixture(GPRESULT)).value;
    assert.equal(g.userGroups.length, 17);
    assert.equal(g.computerGroups.length, 14);
    assert.equal(parseGpresult(readFixture(FR_DOMAIN_ADMIN)).value.userGroups.length, 16);
  });
});
