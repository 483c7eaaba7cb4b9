import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { looksLikeKlistPurge, parseKlistPurge } from '../../src/parse/klistPurge';
import { parseAuto } from '../../src/parse/auto';
import { decode, encode } from '../../src/parse/encoding';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { WINDOWS_TOOL_FRAGMENTS, mutate, mutationOps } from '../support/mutate';

const read = (name: string): string => readFixture(`klist-windows/${name}`);
const PURGED = ['Deleting all tickets:', 'Ticket(s) purged!'];

// Note: the corpus has no German purge sample ("Alle Tickets werden gelöscht:"), so the
// German phrases are not tested against invented output.

// Random damage of the kind pastes suffer: deletions, insertions, truncation, shuffled lines.
const opArb = mutationOps(WINDOWS_TOOL_FRAGMENTS);

describe('klist purge (unit)', () => {
  it('reads the purge of the SQL BDC article and ignores the sqlcmd error after it', () => {
    const r = parseKlistPurge(read('klist-purge-msdocs-sql-bdc.txt'));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const p = r.value;
    assert.equal(p.command, 'klist purge');
    assert.equal(p.currentLogonId, '0xf6b58');
    assert.equal(p.targetedLogonId, null);
    assert.equal(p.purged, true);
    assert.equal(p.language, 'en');
    assert.deepEqual(p.messages, PURGED);
    assert.equal(p.error, null);
    assert.equal(p.runs.length, 1);
  });

  it('reads both -li purges (0x3e4 then 0x3e7) into runs[]', () => {
    const p = parseKlistPurge(read('klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt')).value;
    assert.equal(p.runs.length, 2);
    assert.deepEqual(p.runs.map((r) => r.currentLogonId), ['0x9d83b571', '0x9d83b571']);
    assert.deepEqual(p.runs.map((r) => r.targetedLogonId), ['0x3e4', '0x3e7']);
    assert.deepEqual(p.runs.map((r) => r.targetedLogonIdRaw), ['0:0x3e4', '0:0x3e7']);
    assert.deepEqual(p.runs.map((r) => r.purged), [true, true]);
    assert.deepEqual(p.runs.map((r) => r.language), ['en', 'en']);
    assert.deepEqual(p.runs[1]?.messages, PURGED);
    // top level is the first purge
    assert.equal(p.targetedLogonId, '0x3e4');
    assert.equal(p.purged, true);
  });

  it('keeps only the purge of a purge-then-get paste without blank lines', () => {
    const p = parseKlistPurge(read('klist-purge-then-get-no-blank-lines-cn-notes.txt')).value;
    assert.equal(p.runs.length, 1);
    assert.equal(p.command, 'klist purge');
    assert.equal(p.currentLogonId, '0x4bbb00');
    assert.equal(p.purged, true);
    assert.deepEqual(p.messages, PURGED);
  });

  it('does not claim ticket lists, klist get errors, sessions or tgt output', () => {
    for (const f of [
      'klist-2-and-3-tickets-aes-rc4-lab-vx.txt',
      'klist-error-1312-logon-session-does-not-exist-winrm.txt',
      'klist-get-error-0x51f-azure-files-indented.txt',
      'klist-sessions-22-sessions-server.txt',
      'klist-tgt-non-admin-zeroed-key-hexdump.txt',
      'klist-usage-10.0.18362.txt',
    ]) {
      const r = parseKlistPurge(read(f));
      assert.equal(r.recognized, false, f);
      assert.equal(r.value.purged, null, f);
      assert.equal(looksLikeKlistPurge(read(f)), false, f);
    }
  });

  it('looksLikeKlistPurge finds the three purge samples', () => {
    for (const f of ['klist-purge-msdocs-sql-bdc.txt', 'klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt', 'klist-purge-then-get-no-blank-lines-cn-notes.txt']) {
      assert.equal(looksLikeKlistPurge(read(f)), true, f);
    }
  });

  it('warns when the announcement has no result line (truncated paste of a real sample)', () => {
    const text = read('klist-purge-msdocs-sql-bdc.txt').replace('        Ticket(s) purged!\n', '');
    const r = parseKlistPurge(text);
    assert.equal(r.value.purged, null);
    assert.deepEqual(r.value.messages, ['Deleting all tickets:']);
    assert.match(r.warnings[0]?.message ?? '', /exit code/);
  });

  it('gives the same result for CRLF', () => {
    for (const f of listFixtures('klist-windows')) {
      assert.deepEqual(parseKlistPurge(toCrlf(readFixture(f))), parseKlistPurge(readFixture(f)), f);
    }
  });

  it('stays fast on 1 MB hostile lines', () => {
    for (const h of ['a'.repeat(1_000_000), `Ticket(s) gel${'x'.repeat(1_000_000)}scht.`, `${'Deleting all tickets:'.repeat(50_000)}`]) {
      const started = Date.now();
      assert.equal(typeof parseKlistPurge(h).recognized, 'boolean');
      looksLikeKlistPurge(h);
      assert.ok(Date.now() - started < 1500);
    }
  });

  it('never throws on 1000 mutated samples and answers recognized as a boolean', () => {
    const samples = listFixtures('klist-windows').map(readFixture);
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(opArb, { maxLength: 8 }), (sample, ops) => {
        const m = parseKlistPurge(mutate(sample, ops));
        assert.equal(m.kind, 'klist-purge');
        assert.equal(typeof m.recognized, 'boolean');
        assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('German klist purge (unit, real sample outside the corpus)', () => {
  it('reads the localized logon id line and the German purge text', () => {
    const r = parseKlistPurge(readFixture('extra/klist-purge-de-oracle-kerberos-notes.txt'));
    assert.equal(r.recognized, true);
    assert.equal(r.value.currentLogonId, '0x166d1b');
    assert.equal(r.value.purged, true);
    assert.equal(r.value.language, 'de');
  });

  it('gives the same result from the console code page bytes (cp850 ö)', () => {
    const text = readFixture('extra/klist-purge-de-oracle-kerberos-notes.txt');
    const bytes = encode(text.replace(/\n/g, '\r\n'), 'cp850');
    assert.deepEqual(parseKlistPurge(decode(bytes, { oemCodePage: 850 }).text).value.messages, parseKlistPurge(text).value.messages);
  });
});

describe('French and HTML-pasted klist purge (unit, real samples outside the corpus)', () => {
  it('reads the French purge text inside a Markdown fence', () => {
    const r = parseKlistPurge(readFixture('extra/win-klist-purge-fr-fenced.txt'));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.value.command, 'klist purge');
    assert.equal(r.value.currentLogonId, '0x12b14cd');
    assert.equal(r.value.purged, true);
    assert.equal(r.value.language, 'fr');
    assert.deepEqual(r.value.messages, ['Suppression de tous les tickets :', 'ticket(s) supprimé(s) !']);
    assert.equal(r.value.runs.length, 1);
  });

  it('parse auto takes the French purge for a klist-purge section', () => {
    const text = readFixture('extra/win-klist-purge-fr-fenced.txt');
    assert.equal(looksLikeKlistPurge(text), true);
    assert.deepEqual(
      parseAuto(text).value.sections.map((s) => s.kind),
      ['klist-purge'],
    );
  });

  it('reads `klist.exe -li 0x3e7 purge` in a <pre> block with an `&gt;` prompt', () => {
    const r = parseKlistPurge(readFixture('extra/win-klist-li-0x3e7-purge-html-entity-prompt-cz.txt'));
    assert.equal(r.recognized, true);
    assert.equal(r.value.currentLogonId, '0x5097d');
    assert.equal(r.value.targetedLogonId, '0x3e7');
    assert.equal(r.value.purged, true);
    assert.equal(r.value.language, 'en');
    assert.deepEqual(r.value.messages, PURGED);
    assert.equal(r.value.runs.length, 1);
  });
});
