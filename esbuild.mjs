// Bundles the extension, the `tti` command line and the extension-host tests (CommonJS, vscode external).
import * as esbuild from 'esbuild';

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the `file:line:col: error: text` form the $esbuild-watch problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * iconv-lite decodes the consoles' single-byte OEM and ANSI code pages here. Left out of the
 * bundles: its double-byte codec and tables (400 KB; East Asian code pages decode through
 * TextDecoder in src/parse/encoding.ts) and UTF-7/UTF-32, which no Windows tool we read writes.
 */
const ICONV_LEFT_OUT = /^\.\/(?:tables\/.+\.json|dbcs-codec|dbcs-data|utf7|utf32)$/;
/**
 * Of iconv-lite's ~100 generated single-byte tables, the ones Windows consoles and files use: the
 * OEM code pages (cmd.exe's `chcp`), the ANSI ones, and Latin-1/9. Mac, ISO-646, KOI8 variants,
 * Georgian, Thai TIS... are left out (50 KB); their names then fall back like unknown ones.
 */
const KEPT_SBCS = /^(?:cp(?:437|737|775|850|852|855|857|858|86[0-6]|869)|windows(?:874|125[0-8])|iso8859(?:1|15))$/;

function consoleSbcsTables() {
  const all = createRequire(import.meta.url)('iconv-lite/encodings/sbcs-data-generated.js');
  const kept = Object.fromEntries(Object.entries(all).filter(([name]) => KEPT_SBCS.test(name)));
  // Aliases (`'437': 'cp437'`) stay when what they name stays.
  for (const [name, target] of Object.entries(all)) {
    if (typeof target === 'string' && target in kept) {
      kept[name] = target;
    }
  }
  return `module.exports = ${JSON.stringify(kept)};`;
}

const consoleCodePagesOnly = {
  name: 'console-code-pages-only',
  setup(build) {
    build.onResolve({ filter: ICONV_LEFT_OUT }, (args) => (args.importer.includes('iconv-lite') ? { path: args.path, namespace: 'iconv-left-out' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'iconv-left-out' }, (args) => (args.path.endsWith('.json') ? { contents: '[]', loader: 'json' } : { contents: 'module.exports = {};', loader: 'js' }));
    build.onLoad({ filter: /iconv-lite[\\/]encodings[\\/]sbcs-data-generated\.js$/ }, () => ({ contents: consoleSbcsTables(), loader: 'js' }));
  },
};

export function bundles({ production = false } = {}) {
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  // Non-ASCII as UTF-8, not \uXXXX: the parsers' localized tables and the console code-page
  // tables are mostly non-ASCII, and escapes cost 6 bytes a character (about 10% of the bundle).
  charset: 'utf8',
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  logLevel: 'warning',
  plugins: [problemMatcher, consoleCodePagesOnly],
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The extension reads GPSVC logs on a worker thread from this file (src/platform/gpsvcWorkerClient.ts).
  { ...common, entryPoints: ['src/platform/gpsvcWorker.ts'], outfile: 'dist/gpsvcWorker.js' },
];
if (!production) {
  builds.push({ ...common, entryPoints: ['test/host/index.ts'], outfile: 'out/test/host/index.js', external: ['vscode', 'mocha'] });
}
return builds;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const builds = bundles({ production });
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
  }
}
