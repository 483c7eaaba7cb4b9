import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { emptyGpresult, looksLikeGpresult, parseGpresult } from '../../src/parse/gpresult';
import type { Gpresult } from '../../src/parse/gpresult';
import { looksLikeGpupdate, parseGpupdate } from '../../src/parse/gpupdate';
import type { Gpupdate } from '../../src/parse/gpupdate';
import { PASTE_FORMS, readFixture } from './fixtures';
import { assertOneGpupdateSection } from './gpHelpers';

// Round 6 samples (sources in test/fixtures/extra/SOURCES.md).
const PS_BLOCK_COMMENT = 'extra/en-gpupdate-fail-retrieve-settings-in-ps-block-comment-author-hash-note-inside-space-lines.txt';
const ES_WSL = 'extra/es-gpupdate-force-success-three-dots-salida-fences-author-blockquote-after-wsl-guide.txt';
const ORIGIN_LAB = 'extra/en-gpupdate-force-fail-no-dc-both-halves-ps-prompts-no-blank-before-user-header-fenced-origin-lab.txt';
const LOCALGPO = 'extra/en-gpupdate-force-fail-localgpo-registry-pol-no-blank-after-header-fenced-notes.txt';
const HARDEN_SCRIPT = 'extra/en-gpupdate-warnings-both-halves-no-blank-lines-script-wrapper-lines-harden-debloat-issue.txt';
const EVIL_WINRM = 'extra/en-gpupdate-force-evil-winrm-prompt-three-blank-lines-after-updating-oscp-notes.txt';
const FILTERED_SLICE = 'extra/en-gpresult-user-scope-filtered-excerpt-blank-lines-dropped-heading-unindented-ps-slice-helpdesk-ticket.txt';
const HTB_WS01 = 'extra/en-gpresult-r-remote-s-ws01-htb-prompt-no-computer-dn-duplicate-gpos-user-na-fenced.txt';

/** Detected as gpresult (not gpupdate), and auto finds exactly one gpresult section that reads `expected`. */
function assertOneGpresultSection(text: string, expected: Gpresult): void {
  assert.equal(looksLikeGpresult(text), true);
  assert.equal(looksLikeGpupdate(text), false);
  const sections = parseAuto(text).value.sections;
  assert.deepEqual(
    sections.map((s) => s.kind),
    ['gpresult'],
  );
  assert.deepEqual(sections[0]?.result.value, expected);
}

const RETRIEVE_FAILED =
  'The processing of Group Policy failed. Windows attempted to retrieve new Group Policy settings for this user or computer. Look in the details tab for error code and description. Windows will automatically retry this operation at the next refresh cycle. Computers joined to the domain must have proper name resolution and network connectivity to a domain controller for discovery of new Group Policy objects and settings. An event will be logged when Group Policy is successful.';
const NO_DC =
  'The processing of Group Policy failed because of lack of network connectivity to a domain controller. This may be a transient condition. A success message would be generated once the machine gets connected to the domain controller and Group Policy has successfully processed. If you do not see a success message for several hours, then contact your administrator.';
const DIAGNOSE =
  'To diagnose the failure, review the event log or run GPRESULT /H GPReport.html from the command line to access information about Group Policy results.';
const MORE_INFO =
  'For more detailed information, review the event log or run GPRESULT /H GPReport.html from the command line to access information about Group Policy results.';

describe('gpupdate round 6: author lines between and after the output (unit)', () => {
  const expected: Gpupdate = {
    computer: { outcome: 'failure', messages: [RETRIEVE_FAILED] },
    user: { outcome: 'success', messages: [] },
    // The author's own list after the run: kept, as gpupdate prints other lines there too.
    messages: ['Perform:', 'SFC /scannow [gpo will still fail]', 'DISM /online /cleanup-image /restorehealth [gpo will still fail] [UNKNOWN fix]'],
  };

  for (const [form, transform] of PASTE_FORMS) {
    it(`skips the author's "######" note inside the computer failure, single-space lines read as blank (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(PS_BLOCK_COMMENT)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, expected);
    });
  }

  it('is one gpupdate section for parse auto', () => {
    assertOneGpupdateSection(readFixture(PS_BLOCK_COMMENT), expected);
  });

  const spanish: Gpupdate = {
    computer: { outcome: 'success', messages: [] },
    user: { outcome: 'success', messages: [] },
    messages: ['Actualizando directiva...'],
  };

  for (const [form, transform] of PASTE_FORMS) {
    it(`es-ES: three-dot "Actualizando directiva...", the author's blockquote naming gpupdate is not a message (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(ES_WSL)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, spanish);
    });
  }

  it('es-ES: one gpupdate section for parse auto, after the command fence and "Salida:"', () => {
    assertOneGpupdateSection(readFixture(ES_WSL), spanish);
  });

  it('a note naming gpupdate inside a failure paragraph ends it and is not kept', () => {
    const text = [
      'Computer policy could not be updated successfully. The following errors were encountered:',
      '',
      RETRIEVE_FAILED,
      'Running gpupdate /force again gave the same error.',
      '',
      'User Policy update has completed successfully.',
    ].join('\n');
    assert.deepEqual(parseGpupdate(text).value, {
      computer: { outcome: 'failure', messages: [RETRIEVE_FAILED] },
      user: { outcome: 'success', messages: [] },
      messages: [],
    });
  });
});

describe('gpupdate round 6: real pastes read right (pinned)', () => {
  const originLab: Gpupdate = {
    computer: { outcome: 'failure', messages: [NO_DC] },
    user: { outcome: 'failure', messages: [NO_DC] },
    messages: ['Updating policy...', DIAGNOSE],
  };

  for (const [form, transform] of PASTE_FORMS) {
    it(`both halves failed, the user header right after the computer paragraph, PS prompts around (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(ORIGIN_LAB)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, originLab);
    });
  }

  it('the origin lab failure is one gpupdate section for parse auto', () => {
    assertOneGpupdateSection(readFixture(ORIGIN_LAB), originLab);
  });

  const localGpo: Gpupdate = {
    computer: {
      outcome: 'failure',
      messages: [
        'The processing of Group Policy failed. Windows could not apply the registry-based policy settings for the Group Policy object LocalGPO. Group Policy settings will not be resolved until this event is resolved. View the event details for more information on the file name and path that caused the failure.',
      ],
    },
    user: null,
    messages: [],
  };

  for (const [form, transform] of PASTE_FORMS) {
    it(`LocalGPO registry.pol failure with no blank line after the header; no user half (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(LOCALGPO)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.value, localGpo);
    });
  }

  it('the LocalGPO failure is one gpupdate section for parse auto', () => {
    assertOneGpupdateSection(readFixture(LOCALGPO), localGpo);
  });

  const hardenScript: Gpupdate = {
    computer: {
      outcome: 'warning',
      messages: [
        'Windows failed to apply the Group Policy Scheduled Tasks settings. Group Policy Scheduled Tasks settings might have its own log file. Please click on the "More information" link.',
      ],
    },
    user: {
      outcome: 'warning',
      messages: [
        'Windows failed to apply the Group Policy Registry settings. Group Policy Registry settings might have its own log file. Please click on the "More information" link.',
      ],
    },
    messages: ['Updating policy...', MORE_INFO, 'WARNING: A reboot is required for all changed to take effect'],
  };

  for (const [form, transform] of PASTE_FORMS) {
    it(`warnings of both halves with every blank line gone, the script's own lines around (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(HARDEN_SCRIPT)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, hardenScript);
    });
  }

  it('the script run is one gpupdate section for parse auto', () => {
    assertOneGpupdateSection(readFixture(HARDEN_SCRIPT), hardenScript);
  });

  const evilWinrm: Gpupdate = {
    computer: { outcome: 'success', messages: [] },
    user: { outcome: 'success', messages: [] },
    messages: ['Updating policy...'],
  };

  for (const [form, transform] of PASTE_FORMS) {
    it(`Evil-WinRM prompt, three blank lines after "Updating policy..." (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(EVIL_WINRM)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, evilWinrm);
    });
  }

  it('the Evil-WinRM run is one gpupdate section for parse auto', () => {
    assertOneGpupdateSection(readFixture(EVIL_WINRM), evilWinrm);
  });
});

function gpresultWith(fields: Partial<Gpresult>): Gpresult {
  return { ...emptyGpresult(), ...fields };
}

describe('gpresult round 6: a filtered-out list cut from its section (unit)', () => {
  const expected = gpresultWith({
    filteredGpos: [
      { name: 'Map Sales Drive', reason: 'Denied (Security)', scope: 'user' },
      { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' },
    ],
  });

  for (const [form, transform] of PASTE_FORMS) {
    it(`takes the scope from the user groups heading after it; no blank lines between GPOs (${form})`, () => {
      const r = parseGpresult(transform(readFixture(FILTERED_SLICE)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, expected);
    });
  }

  it('is one gpresult section for parse auto', () => {
    assertOneGpresultSection(readFixture(FILTERED_SLICE), expected);
  });
});

describe('gpresult round 6: remote gpresult /r /S read right (pinned)', () => {
  const expected = gpresultWith({
    user: 'INLANEFREIGHT\\Administrator',
    computer: 'WS01',
    userDn: 'CN=Administrator,CN=Users,DC=INLANEFREIGHT,DC=LOCAL',
    computerDn: null,
    domain: 'INLANEFREIGHT',
    lastApplied: { user: '7/30/2020 at 3:10:28 PM', computer: '8/26/2020 at 10:57:00 PM' },
    appliedGpos: {
      user: [],
      // As printed: gpresult lists a GPO once per link.
      computer: ['LAPS', 'LAPS', 'Disable LM Hash', 'Prevent software installs', 'Default Domain Policy', 'LAPS', 'Disable LM Hash', 'Prevent software installs', 'Disable guest account'],
    },
    filteredGpos: [
      { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'computer' },
      { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' },
    ],
    computerGroups: [
      'BUILTIN\\Administrators',
      'Everyone',
      'BUILTIN\\Users',
      'NT AUTHORITY\\NETWORK',
      'NT AUTHORITY\\Authenticated Users',
      'This Organization',
      'Authentication authority asserted identity',
      'System Mandatory Level',
    ],
    userGroups: [
      'Domain Users',
      'Everyone',
      'BUILTIN\\Users',
      'BUILTIN\\Administrators',
      'NT AUTHORITY\\INTERACTIVE',
      'CONSOLE LOGON',
      'NT AUTHORITY\\Authenticated Users',
      'This Organization',
      'LOCAL',
      'Domain Admins',
      'Authentication authority asserted identity',
      'High Mandatory Level',
    ],
  });

  for (const [form, transform] of PASTE_FORMS) {
    it(`no computer DN (blank line after the underline), duplicate GPO names, user applied "N/A" (${form})`, () => {
      const r = parseGpresult(transform(readFixture(HTB_WS01)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, expected);
    });
  }

  it('is one gpresult section for parse auto (the C:\\htb> prompt and banner left out)', () => {
    assertOneGpresultSection(readFixture(HTB_WS01), expected);
  });
});
