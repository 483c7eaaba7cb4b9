/** Access to the real captured samples copied into test/fixtures (tests never read ../shared). */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

export function fixtureBytes(relative: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, relative));
}

export function readFixture(relative: string): string {
  return fixtureBytes(relative).toString('utf8');
}

/** Every fixture file under a folder, as relative paths. */
export function listFixtures(folder: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, folder))
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((f) => `${folder}/${f}`);
}

/** The sample as Windows writes it: CRLF line ends. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The sample as pasted into a Markdown quote. */
export function quoted(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

/** The forms a real sample is tested in: as published, as Windows writes it, and quoted in a ticket. */
export const PASTE_FORMS = [
  ['as published', (t: string) => t],
  ['CRLF', toCrlf],
  ['quoted', quoted],
] as const;

/** `text` in each of PASTE_FORMS, with the form's name. */
export function inPasteForms(text: string): [string, string][] {
  return PASTE_FORMS.map(([name, form]) => [name, form(text)]);
}
