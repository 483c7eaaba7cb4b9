import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import type { AutoSection } from '../../src/parse/auto';
import { looksLikeId, parseId } from '../../src/parse/id';
import type { IdResult } from '../../src/parse/id';
import type { KlistPurge } from '../../src/parse/klistPurge';
import type { UnixKlistResult } from '../../src/parse/unixKlist';
import { readFixture, toCrlf } from './fixtures';

const EUID_MACOS = 'extra/id-macos-euid-root-setuid-bash-prompt.txt';
const EUID_EGID_DASH = 'extra/id-dash-setuid-euid-egid-then-su-root-dockerlabs.txt';
const ELIDED_JSX = 'extra/id-sssd-groups-elided-then-hostname-fr-ctf.txt';
const ES_LOCALE = 'extra/id-es-locale-grupos-winbind-then-groups-spaces.txt';
const UBUNTU_TAB = 'extra/id-winbind-ubuntu-docs-tab-indent-upn-and-escaped-backslash-query.txt';
const UBUNTU_WRAPPED = 'extra/id-winbind-reformatted-multiline-builtin-groups-ubuntu-docs.txt';
const HEIMDAL = 'extra/heimdal-linux-kcm-error-then-klist-then-klist-a-kdc-offset.txt';
const BARE_PURGE = 'extra/en-klist-purge-and-li-0x3e7-purge-win7-notes-2space-indent.txt';

function idValue(section: AutoSection | undefined): IdResult {
  assert.ok(section, 'missing section');
  assert.equal(section.kind, 'id');
  return section.result.value as IdResult;
}

function summary(sections: readonly AutoSection[]): string[] {
  return sections.map((s) => `${s.kind} ${s.startLine}-${s.endLine}`);
}

describe('id + auto, round 3 fixes (real samples)', () => {
  describe('effective ids (euid= / egid=)', () => {
    it('keeps euid=0(root) of a setuid bash on macOS instead of dropping it', () => {
      const r = parseId(readFixture(EUID_MACOS));
      assert.deepEqual(r.warnings, []);
      const v = r.value;
      assert.deepEqual(v.uid, { id: 501, name: 'test' });
      assert.deepEqual(v.gid, { id: 20, name: 'staff' });
      assert.deepEqual(v.euid, { id: 0, name: 'root' });
      assert.equal(v.egid, null);
      assert.equal(v.records.length, 1);
      assert.deepEqual(v.records[0]?.euid, { id: 0, name: 'root' });
      // The groups are still the groups= list, not the euid.
      assert.equal(v.groups.length, 14);
      assert.deepEqual(v.groups[0], { id: 20, name: 'staff' });
      assert.deepEqual(v.groups[13], { id: 399, name: 'com.apple.access_ssh' });
      assert.equal(v.groups.some((g) => g.name === 'root'), false);
    });

    it('reads euid and egid of setuid dash, and null for the later root shell', () => {
      const v = parseId(readFixture(EUID_EGID_DASH)).value;
      assert.deepEqual(
        v.records.map((r) => [r.line, r.uid.name, r.euid, r.egid, r.groups.map((g) => g.id)]),
        [
          [11, 'samara', { id: 0, name: 'root' }, { id: 0, name: 'root' }, [0, 100, 1001]],
          [17, 'root', null, null, [0]],
        ],
      );
      // The top level mirrors the first record.
      assert.deepEqual(v.euid, { id: 0, name: 'root' });
      assert.deepEqual(v.egid, { id: 0, name: 'root' });
    });

    it('auto keeps euid in the id section of the CRLF form', () => {
      const sections = parseAuto(toCrlf(readFixture(EUID_MACOS))).value.sections.filter((s) => s.kind === 'id');
      assert.equal(sections.length, 1);
      assert.deepEqual(idValue(sections[0]).euid, { id: 0, name: 'root' });
    });
  });

  describe('elided groups list wrapped onto its own line, inside a JSX template literal', () => {
    const expectElided = (v: IdResult, warnings: readonly { message: string; line?: number }[]): void => {
      assert.deepEqual(v.uid, { id: 320201103, name: 'juan@unintended.vl' });
      assert.deepEqual(v.gid, { id: 320200513, name: 'domain users@unintended.vl' });
      assert.deepEqual(v.groups, [{ id: 320201106, name: 'web developers@unintended.vl' }]);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.line, 1);
      assert.match(warnings[0]?.message ?? '', /groups= list was shortened by hand \(`\.\.\.`\)/);
    };

    it('reads the groups line after the uid/gid line and warns that the list was elided', () => {
      const text = readFixture(ELIDED_JSX);
      assert.equal(looksLikeId(text), true);
      const r = parseId(text);
      assert.equal(r.recognized, true);
      assert.equal(r.value.records.length, 1);
      expectElided(r.value, r.warnings);
    });

    it('reads it the same from the CRLF and `> `-quoted forms', () => {
      const text = readFixture(ELIDED_JSX);
      for (const form of [toCrlf(text), text.split('\n').map((l) => `> ${l}`).join('\n')]) {
        const r = parseId(form);
        expectElided(r.value, r.warnings);
      }
    });

    it('auto gives one id section from line 1', () => {
      const sections = parseAuto(readFixture(ELIDED_JSX)).value.sections;
      assert.deepEqual(summary(sections), ['id 1-3']);
      expectElided(idValue(sections[0]), sections[0]?.result.warnings ?? []);
    });
  });

  describe('auto keeps the `id <user>` prompt line in the id section', () => {
    it('Spanish locale (grupos=): query anxo, as parse id gives', () => {
      const text = readFixture(ES_LOCALE);
      assert.equal(parseId(text).value.query, 'anxo');
      const sections = parseAuto(text).value.sections.filter((s) => s.kind === 'id');
      assert.deepEqual(summary(sections), ['id 2-3']);
      const v = idValue(sections[0]);
      assert.equal(v.query, 'anxo');
      assert.deepEqual(v.groups.map((g) => g.name), ['domain users', 'g-alumnos', 'g-usuarios']);
    });

    it('TAB-indented Ubuntu docs: the UPN and the shell-escaped DOMAIN\\\\user queries', () => {
      const sections = parseAuto(readFixture(UBUNTU_TAB)).value.sections;
      assert.deepEqual(summary(sections), ['id 1-2', 'id 4-5']);
      assert.deepEqual(
        sections.map((s) => idValue(s).query),
        ['noble@mydomain.internal', 'MYDOMAIN\\noble'],
      );
      assert.deepEqual(idValue(sections[1]).uid, { id: 3001104, name: 'MYDOMAIN\\noble' });
    });

    it('re-wrapped Ubuntu docs record: query INTEXAMPLE\\Administrator and 9 groups', () => {
      const text = readFixture(UBUNTU_WRAPPED);
      assert.equal(parseId(text).value.query, 'INTEXAMPLE\\Administrator');
      const sections = parseAuto(text).value.sections;
      assert.deepEqual(summary(sections), ['id 2-13']);
      const v = idValue(sections[0]);
      assert.equal(v.query, 'INTEXAMPLE\\Administrator');
      assert.equal(v.groups.length, 9);
      assert.deepEqual(v.groups[8], { id: 10000, name: 'BUILTIN\\administrators' });
    });
  });

  describe('auto: Heimdal klist error', () => {
    it('gives the `klist: krb5_cc_get_principal: ...` error its own unix-klist section', () => {
      const sections = parseAuto(readFixture(HEIMDAL)).value.sections;
      assert.deepEqual(summary(sections), ['unix-klist 6-7', 'unix-klist 11-16', 'unix-klist 18-25']);
      const error = (sections[0]?.result.value as UnixKlistResult).error;
      assert.equal(error?.kind, 'no-cache');
      assert.equal(error?.message, 'krb5_cc_get_principal: No credentials cache file found');
      assert.equal((sections[1]?.result.value as UnixKlistResult).cache, 'KCM:1001');
    });

    it('recognizes the error line alone', () => {
      const line = readFixture(HEIMDAL).split('\n')[6] ?? '';
      assert.equal(line, 'klist: krb5_cc_get_principal: No credentials cache file found');
      const sections = parseAuto(line).value.sections;
      assert.deepEqual(summary(sections), ['unix-klist 1-1']);
      assert.equal((sections[0]?.result.value as UnixKlistResult).error?.kind, 'no-cache');
    });
  });

  describe('auto: klist commands on bare lines (no prompt)', () => {
    it('opens a section at each bare `klist ...` command line', () => {
      for (const text of [readFixture(BARE_PURGE), toCrlf(readFixture(BARE_PURGE))]) {
        const sections = parseAuto(text).value.sections;
        assert.deepEqual(summary(sections), ['klist-purge 6-9', 'klist-purge 10-14']);
        const [first, second] = sections.map((s) => s.result.value as KlistPurge);
        assert.equal(first?.command, 'klist purge');
        assert.equal(first?.currentLogonId, '0x100412');
        assert.equal(first?.targetedLogonId, null);
        assert.equal(second?.command, 'klist -li 0x3e7 purge');
        assert.equal(second?.currentLogonId, '0x100412');
        assert.equal(second?.targetedLogonId, '0x3e7');
        assert.equal(second?.purged, true);
      }
    });

    it('keeps a console echo of the prompt command in the prompt section', () => {
      // `PS C:\...> klist sessions` then the echoed `klist sessions`.
      const sections = parseAuto(readFixture('extra/klist-sessions-non-admin-access-denied-mist-htb.txt')).value.sections;
      assert.equal(sections[0]?.kind, 'klist-sessions');
      assert.equal(sections[0]?.startLine, 1);
    });

    it('reads the command and current LogonId of a bare `klist get ... -li` (no prompt)', () => {
      const sections = parseAuto(readFixture('klist-windows/klist-get-li-targeted-logonid-3-tickets.txt')).value.sections;
      assert.equal(sections.length, 1);
      assert.equal(sections[0]?.startLine, 1);
      const v = sections[0]?.result.value as { command: string | null; currentLogonId: string | null; targetedLogonId: string | null };
      assert.equal(v.command, 'klist get LDAP/dc01.test.local -li  0x468c4f9');
      assert.equal(v.currentLogonId, '0x475955a');
      assert.equal(v.targetedLogonId, '0x468c4f9');
    });
  });
});
