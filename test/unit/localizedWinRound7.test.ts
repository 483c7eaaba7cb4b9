import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { parseKlist } from '../../src/parse/klist';
import type { KlistTicket } from '../../src/parse/klist';
import type { WhoamiResult } from '../../src/parse/whoami';
import { PASTE_FORMS, readFixture } from './fixtures';
import { BASIC, group, parsed, privs, rows } from './whoamiHelpers';

const FR_SYSTEM = 'extra/fr-whoami-groups-system-impacket-psexec-codec-850-mixed-case-header-space-line.txt';
const FR_MT = 'extra/fr-whoami-priv-groups-machine-translated-htb-academy-collapsed-spaces-state-in-description.txt';
const FR_PRIV_TWICE = 'extra/fr-whoami-priv-twice-before-after-rtladjustprivilege-ps-banner-short-dash-rule-prompt-after-last-row.txt';
const ES_ALL = 'extra/es-whoami-all-iusr-label-first-claims-section-cobaltstrike-ctf-no-user-header.txt';
const ES_PRIV_SQL = 'extra/es-whoami-priv-mssqlclient-xp-cmdshell-null-lines-blank-inside-header-pivotapi.txt';
const ES_PRIV_WIDE = 'extra/es-whoami-priv-header-row-only-padded-255-cols-last-row-unpadded-gitbook-pivotapi.txt';
const ES_KLIST = 'extra/es-klist-rubeus-ptt-cifs-service-ticket-renew-zero-empty-kdc-no-prompt.txt';
const FR_KLIST_CHEAT = 'extra/fr-klist-cheatsheet-mkdocs-admonition-4space-abridged-fields-end-time-only.txt';

function ticketAt(tickets: readonly KlistTicket[], i: number): KlistTicket {
  const t = tickets[i];
  assert.ok(t, `ticket ${i} is missing`);
  return t;
}

const ES_PIVOTAPI_PRIVS = [
  ['SeAssignPrimaryTokenPrivilege', 'Reemplazar un símbolo (token) de nivel de proceso', 'disabled'],
  ['SeIncreaseQuotaPrivilege', 'Ajustar las cuotas de la memoria para un proceso', 'disabled'],
  ['SeMachineAccountPrivilege', 'Agregar estaciones de trabajo al dominio', 'disabled'],
  ['SeChangeNotifyPrivilege', 'Omitir comprobación de recorrido', 'enabled'],
  ['SeManageVolumePrivilege', 'Realizar tareas de mantenimiento del volumen', 'enabled'],
  ['SeImpersonatePrivilege', 'Suplantar a un cliente tras la autenticación', 'enabled'],
  ['SeCreateGlobalPrivilege', 'Crear objetos globales', 'enabled'],
  ['SeIncreaseWorkingSetPrivilege', 'Aumentar el espacio de trabajo de un proceso', 'disabled'],
];

describe('localized whoami round 7: French and Spanish pastes read right already (pinned)', () => {
  for (const [form, transform] of PASTE_FORMS) {
    it(`fr-FR whoami /groups as SYSTEM via impacket-psexec -codec 850: mixed-case header after a one-space line (${form})`, () => {
      const { v, warnings } = parsed(transform(readFixture(FR_SYSTEM)));
      assert.deepEqual(warnings, []);
      assert.equal(v.integrityLevel, 'system');
      assert.equal(v.integritySid, 'S-1-16-16384');
      assert.deepEqual(rows(v), [
        ['BUILTIN\\Administrateurs', 'Alias', 'S-1-5-32-544'],
        ['Tout le monde', 'Groupe bien connu', 'S-1-1-0'],
        ['AUTORITE NT\\Utilisateurs authentifiés', 'Groupe bien connu', 'S-1-5-11'],
        ['Étiquette obligatoire\\Niveau obligatoire système', 'Nom', 'S-1-16-16384'],
      ]);
      assert.deepEqual(group(v, 'S-1-5-32-544').attributes, ['enabledByDefault', 'enabled', 'owner']);
      assert.deepEqual(group(v, 'S-1-1-0').attributes, BASIC);
      assert.equal(group(v, 'S-1-16-16384').rawAttributes, '');
      // The bare `whoami` before it printed only a name: no SID, no user record.
      assert.equal(v.user, null);
    });

    it(`es-ES whoami /all of IUSR behind a web shell: High label first, Spanish deny-only, claims section (${form})`, () => {
      const { v, warnings } = parsed(transform(readFixture(ES_ALL)));
      assert.deepEqual(warnings, []);
      assert.deepEqual(v.user, { name: 'nt authority\\iusr', sid: 'S-1-5-17' });
      assert.equal(v.integrityLevel, 'high');
      assert.equal(v.groups.length, 8);
      assert.deepEqual(v.groups[0] && [v.groups[0].name, v.groups[0].type, v.groups[0].sid], ['Etiqueta obligatoria\\Nivel obligatorio alto', 'Etiqueta', 'S-1-16-12288']);
      assert.deepEqual(group(v, 'S-1-5-6').attributes, ['denyOnly']);
      assert.equal(group(v, 'S-1-5-6').name, 'NT AUTHORITY\\SERVICIO');
      assert.equal(group(v, 'S-1-2-1').name, 'INICIO DE SESIÓN EN LA CONSOLA');
      assert.deepEqual(group(v, 'S-1-5-15').attributes, BASIC);
      assert.deepEqual(privs(v), [
        ['SeChangeNotifyPrivilege', 'Omitir comprobación de recorrido', 'enabled'],
        ['SeImpersonatePrivilege', 'Suplantar a un cliente tras la autenticación', 'enabled'],
        ['SeCreateGlobalPrivilege', 'Crear objetos globales', 'enabled'],
      ]);
    });

    it(`es-ES whoami /priv through mssqlclient xp_cmdshell: NULL lines, feminine and masculine states (${form})`, () => {
      const { v, warnings } = parsed(transform(readFixture(ES_PRIV_SQL)));
      assert.deepEqual(warnings, []);
      assert.deepEqual(privs(v), ES_PIVOTAPI_PRIVS);
      assert.deepEqual(
        v.privileges.map((p) => p.rawState),
        ['Deshabilitado', 'Deshabilitado', 'Deshabilitado', 'Habilitada', 'Habilitada', 'Habilitada', 'Habilitada', 'Deshabilitado'],
      );
      assert.deepEqual(v.groups, []);
    });

    it(`es-ES whoami /priv cut to its header row, rows padded to 255 columns but the last (${form})`, () => {
      const { v, warnings } = parsed(transform(readFixture(ES_PRIV_WIDE)));
      assert.deepEqual(warnings, []);
      assert.deepEqual(privs(v), ES_PIVOTAPI_PRIVS);
    });
  }

  it('fr-FR whoami /priv twice, before and after RtlAdjustPrivilege: parse auto reads both states', () => {
    const { v, warnings } = parsed(readFixture(FR_PRIV_TWICE));
    assert.deepEqual(warnings, ['The paste holds several whoami outputs: only the first is read (use parse auto to read each).']);
    assert.deepEqual(privs(v), [
      ['SeShutdownPrivilege', 'Arrêter le système', 'disabled'],
      ['SeChangeNotifyPrivilege', 'Contourner la vérification de parcours', 'enabled'],
      ['SeUndockPrivilege', 'Retirer l’ordinateur de la station d’accueil', 'disabled'],
      ['SeIncreaseWorkingSetPrivilege', 'Augmenter une plage de travail de processus', 'disabled'],
      ['SeTimeZonePrivilege', 'Changer le fuseau horaire', 'disabled'],
    ]);
    const sections = parseAuto(readFixture(FR_PRIV_TWICE)).value.sections;
    assert.deepEqual(sections.map((s) => [s.kind, s.startLine, s.endLine]), [
      ['whoami', 7, 17],
      ['whoami', 26, 36],
    ]);
    const after = sections[1]?.result.value as WhoamiResult;
    assert.deepEqual(after.privileges.map((p) => [p.name, p.state, p.rawState]).slice(0, 2), [
      ['SeShutdownPrivilege', 'enabled', 'Activé'],
      ['SeChangeNotifyPrivilege', 'enabled', 'Activé'],
    ]);
  });
});

describe('localized whoami round 7: a rule line whose column count fits no table', () => {
  for (const [form, transform] of PASTE_FORMS) {
    it(`machine-translated HTB Academy page: 6-column rule under a reworded header, rows still read by SID (${form})`, () => {
      const { v, warnings } = parsed(transform(readFixture(FR_MT)));
      assert.ok(warnings.some((w) => w.startsWith('A 6-column rule fits no whoami table')), warnings.join('\n'));
      assert.ok(!warnings.some((w) => w.includes('not understood')));
      assert.equal(v.integrityLevel, 'medium');
      assert.deepEqual(
        v.groups.map((g) => g.sid),
        ['S-1-1-0', 'S-1-5-32-555', 'S-1-5-32-545', 'S-1-5-14', 'S-1-5-4', 'S-1-5-11', 'S-1-5-15', 'S-1-5-113', 'S-1-2-0', 'S-1-5-64-10', 'S-1-16-8192'],
      );
      for (const g of v.groups.slice(0, 10)) {
        assert.deepEqual(g.attributes, BASIC, g.sid);
      }
      // A known type before the SID still splits a row whose padding is gone.
      assert.deepEqual([group(v, 'S-1-5-14').name, group(v, 'S-1-5-14').type], ['NT AUTHORITY\\REMOTE INTERACTIVE LOGON', 'Groupe bien connu']);
      assert.deepEqual([group(v, 'S-1-5-32-545').name, group(v, 'S-1-5-32-545').type], ['BUILTIN\\Users', 'Alias']);
      assert.equal(group(v, 'S-1-16-8192').name, 'Étiquette obligatoire\\Étiquette de niveau obligatoire moyen');
      // The translation merged the first privilege's state into its description.
      assert.deepEqual(privs(v), [
        ['SeChangeNotifyPrivilege', 'Bypass traverse la vérification activée', null],
        ['SeIncreaseWorkingSetPrivilege', 'Augmenter un ensemble de travail de processus', 'disabled'],
      ]);
    });
  }
});

describe('localized klist round 7', () => {
  for (const [form, transform] of PASTE_FORMS) {
    it(`es-ES klist after Rubeus /ptt of a cifs ticket: renew time 0, empty KDC, no prompt (pinned, ${form})`, () => {
      const r = parseKlist(transform(readFixture(ES_KLIST)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      const k = r.value;
      assert.equal(k.currentLogonId, '0x68992');
      assert.equal(k.cachedTicketCount, 1);
      assert.equal(k.tickets.length, 1);
      const t = ticketAt(k.tickets, 0);
      assert.equal(t.client, 'Administrator @ CORP.LOCAL');
      assert.equal(t.serverName, 'cifs/DC01.corp.local');
      assert.equal(t.flagsHex, '0x40250000');
      assert.deepEqual(t.flags, ['forwardable', 'pre_authent', 'ok_as_delegate', 'name_canonicalize']);
      assert.equal(t.startTime?.iso, '2025-01-22T09:26:24');
      assert.equal(t.endTime?.iso, '2025-01-22T19:24:45');
      assert.deepEqual(t.renewTime, { raw: '0' });
      assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
      assert.equal(t.cacheFlagsHex, '0');
      assert.equal(t.kdcCalled, '');
    });

    it(`fr-FR cheat-sheet klist with abridged blocks: the end time is no Ticket Flags value (${form})`, () => {
      const r = parseKlist(transform(readFixture(FR_KLIST_CHEAT)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      const k = r.value;
      assert.equal(k.command, 'klist');
      assert.equal(k.cachedTicketCount, 2);
      assert.equal(k.tickets.length, 2);
      const tgt = ticketAt(k.tickets, 0);
      assert.equal(tgt.serverName, 'krbtgt/MERIDIAN.LOCAL');
      assert.equal(tgt.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
      assert.equal(tgt.flagsHex, null);
      assert.deepEqual(tgt.flags, []);
      assert.equal(tgt.startTime, null);
      // 02/10/2026: day and month both below 13, so no date order is proven and no ISO form is given.
      assert.deepEqual(tgt.endTime, { raw: '02/10/2026 18:01:12' });
      const cifs = ticketAt(k.tickets, 1);
      assert.equal(cifs.serverName, 'cifs/srv-fs01.meridian.local');
      assert.equal(cifs.endTime, null);
      assert.equal(cifs.flagsHex, null);
    });
  }

  it('parse auto takes the cheat sheet as one klist section', () => {
    const sections = parseAuto(readFixture(FR_KLIST_CHEAT)).value.sections;
    assert.deepEqual(sections.map((s) => s.kind), ['klist']);
  });
});
