/**
 * The GPSVC TextMate grammar (syntaxes/gpsvc.tmLanguage.json) run through the engine VS Code uses
 * (vscode-textmate + vscode-oniguruma): every corpus line is tokenized and its scopes are checked
 * against what the line parser (src/parse/gpsvc.ts) reads from the same line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { parseGpsvcLine } from '../../src/parse/gpsvc';
import { listFixtures, readFixture } from './fixtures';

interface Token {
  text: string;
  scopes: string[];
}

const GRAMMAR_PATH = path.resolve(__dirname, '..', '..', 'syntaxes', 'gpsvc.tmLanguage.json');

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: (scopeName: string) =>
      Promise.resolve(
        scopeName === 'text.gpsvc' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
      ),
  });
  const grammar = await registry.loadGrammar('text.gpsvc');
  assert.ok(grammar, 'text.gpsvc grammar loads');
  return grammar;
}

/** Tokenizes lines in order (carrying the rule stack, as the editor does). */
function tokenizeLines(grammar: vsctm.IGrammar, lines: readonly string[]): Token[][] {
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

function withScope(tokens: readonly Token[], scope: string): string[] {
  return tokens.filter((t) => t.scopes.includes(scope)).map((t) => t.text);
}

const PID = 'constant.numeric.pid.gpsvc';
const TID = 'constant.numeric.tid.gpsvc';
const DATE = 'comment.line.timestamp.date.gpsvc';
const TIME = 'comment.line.timestamp.time.gpsvc';
const PLACEHOLDER = 'comment.line.timestamp.placeholder.gpsvc';
const OLD = 'markup.deleted.security-groups.old.gpsvc';
const NEW = 'markup.inserted.security-groups.new.gpsvc';
const NO_CONNECTIVITY = 'markup.deleted.no-connectivity.gpsvc';
const NLA = 'markup.deleted.nla-not-ready.gpsvc';
const ERROR_WORD = 'keyword.other.error.gpsvc';
const HEX = 'constant.numeric.integer.hexadecimal.gpsvc';
const DECIMAL = 'constant.numeric.integer.decimal.gpsvc';
const GUID = 'constant.other.guid.gpsvc';
const FUNCTION = 'entity.name.function.gpsvc';
const CLASS = 'entity.name.type.class.gpsvc';

function corpusLines(file: string): string[] {
  return readFixture(file).split(/\r?\n/);
}

describe('GPSVC grammar (vscode-textmate)', function () {
  let grammar: vsctm.IGrammar;

  before(async function () {
    grammar = await loadGrammar();
  });

  it('covers the six corpus samples', function () {
    assert.deepEqual(listFixtures('gpsvc').map((f) => path.basename(f)), [
      'gpsvc-excerpt-streefkerk-blog-2015.txt',
      'gpsvc-msdocs-mdm-policy-unprefixed-lines.txt',
      'gpsvc-msdocs-rsop-delay-placeholder-times.txt',
      'gpsvc-msdocs-startup-no-network-mixed-prefix-datetime-placeholder.txt',
      'gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt',
      'gpsvc-msqa-drive-maps-slow-logon-win10.txt',
    ]);
  });

  it('scopes every corpus line as the line parser reads it', function () {
    const seen = { lines: 0, prefixed: 0, events: 0, components: 0 };
    for (const file of listFixtures('gpsvc')) {
      const lines = corpusLines(file);
      const tokenized = tokenizeLines(grammar, lines);
      lines.forEach((line, i) => {
        const where = `${file}:${i + 1}`;
        const tokens = tokenized[i];
        assert.equal(tokens.map((t) => t.text).join(''), line, `${where}: tokens cover the line`);
        assert.ok(tokens.every((t) => t.scopes[0] === 'text.gpsvc'), `${where}: root scope`);
        if (line.trim() === '') {
          return;
        }
        seen.lines++;
        const parsed = parseGpsvcLine(line);
        if (parsed.prefixed) {
          seen.prefixed++;
          assert.deepEqual(withScope(tokens, PID), [parsed.pid], `${where}: pid`);
          assert.deepEqual(withScope(tokens, TID), [parsed.tid], `${where}: tid`);
          const timeScope = parsed.time !== null && /^\d/.test(parsed.time) ? TIME : PLACEHOLDER;
          assert.deepEqual(withScope(tokens, timeScope), parsed.time === null ? [] : [parsed.time], `${where}: time`);
          assert.deepEqual(withScope(tokens, DATE), parsed.date === null ? [] : [parsed.date], `${where}: date`);
        } else {
          assert.deepEqual(withScope(tokens, PID), [], `${where}: no pid outside a prefix`);
        }
        // The component the message starts with, when it has one (`Class::Method`, `Name(Machine):`, `Name:`).
        const component = /^(?:\w+::)?(\w+)(?:\((?:Machine|User)\))?(?::|(?<=::\w+)\b)/.exec(parsed.message);
        if (component && /::|\(|:/.test(component[0])) {
          seen.components++;
          assert.equal(withScope(tokens, FUNCTION)[0], component[1], `${where}: component function`);
        }
        const kind = parsed.event?.kind;
        assert.deepEqual(withScope(tokens, OLD), kind === 'groups-old' ? ['restoring old security grps'] : [], `${where}: old groups`);
        assert.deepEqual(withScope(tokens, NEW), kind === 'groups-new' ? ['logging new security grps'] : [], `${where}: new groups`);
        assert.deepEqual(withScope(tokens, NO_CONNECTIVITY), kind === 'no-connectivity' ? ['There is no connectivity'] : [], `${where}`);
        assert.deepEqual(
          withScope(tokens, NLA),
          kind === 'nla-not-ready' ? ['NlaGetIntranetCapability returned Not Ready error'] : [],
          `${where}: NLA not ready`,
        );
        if (parsed.event?.kind === 'failure') {
          seen.events++;
          // `Extension X returned 0x8018000a` is a failure without the word.
          assert.deepEqual(withScope(tokens, ERROR_WORD), /\bfailed\b/.test(line) ? ['failed'] : [], `${where}: failure word`);
          const status = parsed.event.status;
          assert.ok(status !== null && withScope(tokens, status.startsWith('0x') ? HEX : DECIMAL).includes(status), `${where}: status ${status}`);
        } else {
          if (kind !== undefined) {
            seen.events++;
          }
          assert.deepEqual(withScope(tokens, ERROR_WORD), [], `${where}: no failure word`);
        }
      });
    }
    // 10 + 7 + 2 + 17 + 3 + 22 non-blank lines; prefixed: 10 streefkerk, 2 rsop, 2 startup,
    // 2 quoted article and 22 Q&A lines. Events: old + new groups, no connectivity, NLA not ready,
    // and 4 failures (0x8018000a twice, 0x15, 1355).
    assert.deepEqual(seen, { lines: 61, prefixed: 38, events: 8, components: 40 });
  });

  it('scopes the prefix fields, component and message constants of real lines', function () {
    const lines = corpusLines('gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt');
    const [entering] = tokenizeLines(grammar, [lines[20]]);
    assert.deepEqual(withScope(entering, GUID), ['{5794DAFD-BE60-433F-88A2-1A31939AC01F}']);
    assert.deepEqual(withScope(entering, HEX), ['0x0']);
    assert.deepEqual(withScope(entering, FUNCTION), ['ProcessGroupPolicyCompletedExInternal']);
    const [idle] = tokenizeLines(grammar, [lines[16]]);
    assert.deepEqual(withScope(idle, CLASS), ['CGPService']);
    assert.deepEqual(withScope(idle, FUNCTION), ['IsServiceIdle']);
    assert.deepEqual(withScope(idle, DECIMAL), ['1', '1', '1', '0']);
    const [leave] = tokenizeLines(grammar, [lines[26]]);
    assert.deepEqual(withScope(leave, 'keyword.operator.leave.gpsvc'), ['--']);
    // `Error = 0x0` reports success: not flagged.
    const [logged] = tokenizeLines(grammar, [lines[32]]);
    assert.match(lines[32], /Error = 0x0/);
    assert.deepEqual(withScope(logged, ERROR_WORD), []);
  });

  it('scopes the date of newer Windows 11 builds (derived: a date inserted into a real line)', function () {
    const real = corpusLines('gpsvc/gpsvc-excerpt-streefkerk-blog-2015.txt')[1];
    const dated = real.replace(') 23:25:16:008', ') 2026-01-30 23:25:16:008');
    assert.notEqual(dated, real);
    const [tokens] = tokenizeLines(grammar, [dated]);
    assert.deepEqual(withScope(tokens, DATE), ['2026-01-30']);
    assert.deepEqual(withScope(tokens, TIME), ['23:25:16:008']);
    assert.deepEqual(withScope(tokens, 'meta.prefix.gpsvc').join(''), 'GPSVC(23ec.341c) 2026-01-30 23:25:16:008');
    assert.deepEqual(withScope(tokens, CLASS), ['CGPService']);
    assert.deepEqual(withScope(tokens, FUNCTION), ['KeepServiceAlive']);
  });

  it('keeps the key phrases scoped when the line is quoted or indented in a document', function () {
    const [old] = corpusLines('gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt');
    for (const variant of [old, `    ${old}`, `> ${old}`, old.replace(/^> GPSVC\([^)]*\) [\d:]+ /, '')]) {
      const [tokens] = tokenizeLines(grammar, [variant]);
      assert.deepEqual(withScope(tokens, OLD), ['restoring old security grps'], variant);
      assert.deepEqual(withScope(tokens, FUNCTION), ['Log'], variant);
    }
  });

  it('tokenizes pathological 100 KB lines quickly and without losing the prefix', function () {
    const real = corpusLines('gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt')[20];
    const pathological: Record<string, string> = {
      'repeated real message': real + real.slice(28).repeat(Math.ceil(100_000 / (real.length - 28))),
      'quote markers': '> '.repeat(50_000),
      'word characters': 'GPSVC(1.2) 12:00:00:000 ' + 'a'.repeat(100_000) + '(',
      'numbers': ' 1:11:11:111'.repeat(8_400),
      'unclosed string': '"' + 'x'.repeat(100_000),
      'prefix starts': 'GPSVC('.repeat(16_700),
      'failure words': 'failed '.repeat(14_300),
    };
    for (const [name, line] of Object.entries(pathological)) {
      assert.ok(line.length >= 100_000, name);
      const started = performance.now();
      const [tokens] = tokenizeLines(grammar, [line]);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1000, `${name}: ${elapsed.toFixed(0)} ms`);
      assert.equal(tokens.map((t) => t.text).join(''), line, `${name}: tokens cover the line`);
    }
    const [longReal] = tokenizeLines(grammar, [pathological['repeated real message']]);
    assert.deepEqual(withScope(longReal, PID), ['5a0']);
    assert.deepEqual(withScope(longReal, TID), ['217c']);
  });
});
