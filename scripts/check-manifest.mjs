#!/usr/bin/env node
// Guards the manifest: every contributed command is registered in the source, every %key% has
// a string in package.nls.json, every command has a title, category and icon, and settings that
// name programs are machine-scoped.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkgText = readFileSync(join(root, 'package.json'), 'utf8');
const pkg = JSON.parse(pkgText);
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const problems = [];

for (const key of new Set([...pkgText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))) {
  if (!(key in nls)) problems.push(`package.nls.json has no "${key}"`);
}

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const source = walk(join(root, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
const constants = readFileSync(join(root, 'src', 'constants.ts'), 'utf8');
for (const { command, title, category, icon } of pkg.contributes.commands) {
  const constName = [...constants.matchAll(/(\w+) = '([^']+)'/g)].find((m) => m[2] === command)?.[1];
  const registered = constName && new RegExp(`registerCommand\\(\\s*Commands\\.${constName}\\b`).test(source);
  if (!registered) problems.push(`command ${command} is contributed but never registered`);
  if (!title || !category || !icon) problems.push(`command ${command} lacks a title, category or icon`);
}
for (const [key, setting] of Object.entries(pkg.contributes.configuration.properties)) {
  if (/path$/i.test(key) && setting.scope !== 'machine') problems.push(`setting ${key} names a program and must be machine-scoped`);
  if (!setting.scope) problems.push(`setting ${key} has no scope`);
}
for (const a of pkg.activationEvents ?? []) {
  if (a === '*' || a === 'onStartupFinished') problems.push(`activation event ${a} slows every VS Code start`);
}
if (problems.length) {
  console.error(problems.map((p) => `manifest: ${p}`).join('\n'));
  process.exit(1);
}
console.log(`manifest: ${pkg.contributes.commands.length} commands registered, every %key% translated`);
