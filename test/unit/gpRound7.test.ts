import * as assert from 'node:assert/strict';
import { parseGpresult } from '../../src/parse/gpresult';
import { looksLikeGpupdate, parseGpupdate } from '../../src/parse/gpupdate';
import { PASTE_FORMS, readFixture } from './fixtures';
import { assertOneGpupdateSection } from './gpHelpers';

// Round 7 samples (sources in test/fixtures/extra/SOURCES.md, merged into test/fixtures/extra/SOURCES.md).
const INVOKE_GPUPDATE = 'extra/en-gpupdate-invoke-gpupdate-computer-not-responding-remote-tasks-firewall-qa-prose-trailing-spaces.txt';
const NA_THEN_NO_RSOP = 'extra/en-gpresult-r-applied-gpos-na-fenced-excerpt-then-info-no-rsop-inline-code-no-period-incident-writeup.txt';

const NOT_RESPONDING =
  'Invoke-GPUpdate :  Computer "my server" is not responding. The target computer is either turned off or Remote Scheduled Tasks Management Firewall rules are disabled.';

describe('gpupdate round 7: Invoke-GPUpdate', () => {
  it('reads the cmdlet error in a Q&A post as a remote refresh that never ran', () => {
    for (const [form, transform] of PASTE_FORMS) {
      const text = transform(readFixture(INVOKE_GPUPDATE));
      const r = parseGpupdate(text);
      assert.equal(r.recognized, true, form);
      assert.equal(r.value.computer, null, form);
      assert.equal(r.value.user, null, form);
      // The prose around it (the command line, "But the corresponding rules are enabled...") is not the error.
      assert.deepEqual(r.value.messages, [NOT_RESPONDING], form);
      assert.deepEqual(
        r.warnings.map((w) => w.line),
        [7],
        form,
      );
      assert.match(r.warnings[0]?.message ?? '', /Invoke-GPUpdate reported an error/, form);
    }
  });

  it('auto finds it as one gpupdate section', () => {
    assertOneGpupdateSection(readFixture(INVOKE_GPUPDATE), { computer: null, user: null, messages: [NOT_RESPONDING] });
  });

  it('joins a message the console wrapped and leaves out the rest of the PowerShell error record', () => {
    // The error record's layout as PowerShell prints it (wrapped message, At line, + lines), around the sample's message.
    const text = [
      'PS C:\\> Invoke-GPUpdate -Computer "my server" -Force -RandomDelayInMinutes 0',
      'Invoke-GPUpdate :  Computer "my server" is not responding. The target computer is either turned off or Remote Scheduled Tasks',
      'Management Firewall rules are disabled.',
      'At line:1 char:1',
      '+ Invoke-GPUpdate -Computer "my server" -Force -RandomDelayInMinutes 0',
      '    + CategoryInfo          : OperationTimeout: (:) [Invoke-GPUpdate], COMException',
      'PS C:\\>',
    ].join('\n');
    const r = parseGpupdate(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.value.messages, [NOT_RESPONDING]);
  });

  it('does not take the cmdlet in a command line or a script for its error', () => {
    const text = 'Invoke-GPUpdate -Computer client2 -Force -RandomDelayInMinutes 0\n';
    assert.equal(looksLikeGpupdate(text), false);
    assert.equal(parseGpupdate(text).recognized, false);
  });
});

describe('gpresult round 7: incident write-up', () => {
  it('reads the no-RSoP answer quoted in inline code without its period, after a headingless N/A excerpt', () => {
    for (const [form, transform] of PASTE_FORMS) {
      const r = parseGpresult(transform(readFixture(NA_THEN_NO_RSOP)));
      assert.equal(r.recognized, true, form);
      assert.deepEqual(r.value.noRsopData, { user: 'LAB\\Administrator' }, form);
      // The fenced `Applied Group Policy Objects / N/A` has no settings heading: no scope to give it, and N/A is no GPO.
      assert.deepEqual(r.value.appliedGpos, { user: [], computer: [] }, form);
      assert.deepEqual(r.value.userGroups, [], form);
      assert.equal(r.value.user, null, form);
      assert.deepEqual(r.warnings, [], form);
    }
  });
});
