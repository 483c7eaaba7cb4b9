/**
 * node bench/activate.cjs <bundle>: loads the extension bundle with a stub `vscode` module and
 * prints `activateMs=<ms>` for one cold activate() call (module load not included).
 * The stub answers every property and call with another stub, `get(key, default)` with the
 * default, and strings where a string is expected: enough for activate() to run its own code.
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const cache = new Map();
function stub(name) {
  if (cache.has(name)) {
    return cache.get(name);
  }
  const target = function () {};
  const assigned = new Map();
  const proxy = new Proxy(target, {
    set(_t, prop, value) {
      assigned.set(prop, value);
      return true;
    },
    defineProperty(_t, prop, descriptor) {
      assigned.set(prop, descriptor.value ?? descriptor.get?.());
      return true;
    },
    get(_t, prop) {
      if (assigned.has(prop)) {
        return assigned.get(prop);
      }
      if (prop === 'then') {
        return undefined; // not a promise
      }
      if (prop === Symbol.toPrimitive) {
        return () => name;
      }
      if (prop === Symbol.iterator) {
        return function* () {};
      }
      if (prop === 'get') {
        return (_key, fallback) => fallback;
      }
      if (prop === 't') {
        return (message) => String(message);
      }
      if (prop === 'subscriptions') {
        return [];
      }
      if (prop === 'platform' || prop === 'appName' || prop === 'language') {
        return 'linux';
      }
      return stub(`${name}.${String(prop)}`);
    },
    apply() {
      return stub(`${name}()`);
    },
    construct() {
      return stub(`new ${name}`);
    },
  });
  cache.set(name, proxy);
  return proxy;
}

// esbuild's __toESM copies own keys and keeps the prototype: answer through the prototype.
const vscodeRoot = stub('vscode');
const catchAll = new Proxy({}, { get: (_t, prop) => vscodeRoot[prop] });
const vscode = new Proxy(vscodeRoot, { getPrototypeOf: () => catchAll });
const load = Module._load;
Module._load = function (request, parent, isMain) {
  return request === 'vscode' ? vscode : load.call(this, request, parent, isMain);
};

const bundle = path.resolve(process.argv[2]);
const extension = require(bundle);
const context = {
  subscriptions: [],
  extensionUri: stub('extensionUri'),
  extensionPath: path.dirname(bundle),
  globalState: { get: (_k, d) => d, update: async () => undefined, keys: () => [] },
  workspaceState: { get: (_k, d) => d, update: async () => undefined, keys: () => [] },
  asAbsolutePath: (p) => path.join(path.dirname(bundle), p),
  logUri: stub('logUri'),
  globalStorageUri: stub('globalStorageUri'),
  storageUri: undefined,
  extensionMode: 3,
  environmentVariableCollection: stub('env'),
  secrets: stub('secrets'),
  extension: stub('extension'),
};
const started = performance.now();
const api = extension.activate(context);
const ms = performance.now() - started;
process.stdout.write(`activateMs=${ms.toFixed(3)} reported=${api && typeof api.activationMs === 'number' ? api.activationMs.toFixed(3) : 'n/a'}\n`);
process.exit(0);
