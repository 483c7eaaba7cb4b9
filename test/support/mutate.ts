/**
 * Mutations of real samples for the property tests: character deletions and insertions (of
 * random text or of format fragments), truncation, and line swaps, duplicates and drops.
 */
import fc from 'fast-check';

export type MutationKind = 'delete' | 'insert' | 'truncate' | 'swap' | 'dup' | 'drop';

export interface Mutation {
  kind: MutationKind;
  a: number;
  b: number;
  text: string;
}

/** Tokens of klist/gpupdate/gpresult output: what a damaged paste of them is made of. */
export const WINDOWS_TOOL_FRAGMENTS: readonly string[] = ['\t', '\r\n', '\n', '#0>', '#1>\t', ': ', '0x', '->', '(', ')', '   ', '\u00a0', '> ', 'Current LogonId is 0:0x', 'Cached Tickets: (', 'Error calling API ', 'klist failed with 0x', 'PS C:\\> klist'];

/** Mutations whose insertions favour `fragments`: the tokens a parser's format is made of. */
export function mutationOps(fragments: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom<MutationKind>('delete', 'insert', 'truncate', 'swap', 'dup', 'drop'),
    a: fc.nat(),
    b: fc.nat(),
    text: fragments.length > 0 ? fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...fragments)) : fc.string({ maxLength: 12 }),
  });
}

export function mutate(sample: string, ops: readonly Mutation[]): string {
  let out = sample;
  for (const op of ops) {
    const at = op.a % (out.length + 1);
    const lines = out.split('\n');
    const i = op.a % lines.length;
    const j = op.b % lines.length;
    switch (op.kind) {
      case 'delete':
        out = out.slice(0, at) + out.slice(at + (op.b % 40));
        break;
      case 'insert':
        out = out.slice(0, at) + op.text + out.slice(at);
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'swap': {
        const t = lines[i] ?? '';
        lines[i] = lines[j] ?? '';
        lines[j] = t;
        out = lines.join('\n');
        break;
      }
      case 'dup':
        lines.splice(i, 0, lines[i] ?? '');
        out = lines.join('\n');
        break;
      case 'drop':
        lines.splice(i, 1);
        out = lines.join('\n');
        break;
    }
  }
  return out;
}
