// A preload that makes chosen file-system calls fail, so tests see what a full disk, a
// failing disk, a permission change or a read-only remount does to a real aichat run,
// with no hooks in production code:
//
//   AICHAT_FAULT='rename:1:ENOSPC' node --import file:///…/fault-fs.mjs bin/aichat.cjs …
//
// A rule is KIND:N:CODE[:REGEX]; several are separated by ';'. The Nth call of KIND
// (counting only calls whose path matches REGEX, when given) fails with CODE; `N+` fails
// that call and every later one (a disk that stays full). Kinds: open, read, write,
// fsync, rename, mkdir, chmod, copyfile, unlink. Each injected fault is appended to
// $AICHAT_FAULT_LOG (one line: kind, n, code, path) when that variable is set.
//
// Why patch the module objects and then call syncBuiltinESMExports: the bundle imports
// `node:fs/promises` as ESM, whose named bindings are copies of the CommonJS exports;
// syncing makes them see the patched functions. FileHandle methods (writeFile, sync) live
// on a shared prototype, patched once.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';

// Before any patching, so this open is not counted.
const probe = await fs.promises.open(process.execPath, 'r');
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();

const codes = new Set(['ENOSPC', 'EIO', 'EACCES', 'EROFS', 'EPERM', 'EDQUOT']);
const kinds = new Set([
  'open',
  'read',
  'write',
  'fsync',
  'rename',
  'mkdir',
  'chmod',
  'copyfile',
  'unlink',
]);

const rules = (process.env.AICHAT_FAULT ?? '')
  .split(';')
  .filter((text) => text.trim())
  .map((text) => {
    const [kind = '', nth = '', code = '', ...rest] = text.trim().split(':');
    const persistent = nth.endsWith('+');
    const n = Number(persistent ? nth.slice(0, -1) : nth);
    if (!kinds.has(kind) || !Number.isInteger(n) || n < 1 || !codes.has(code)) {
      throw new Error(`fault-fs: bad rule "${text}" (want KIND:N[+]:CODE[:REGEX])`);
    }
    const pattern = rest.length ? new RegExp(rest.join(':')) : null;
    return { kind, n, persistent, code, pattern, seen: 0 };
  });

const appendLog = fs.appendFileSync;
const logFile = process.env.AICHAT_FAULT_LOG;

/** The error a failing system call gives, with errno, code, syscall and path. */
function fault(code, syscall, file) {
  const err = new Error(`${code}: injected fault, ${syscall} '${file}'`);
  return Object.assign(err, { errno: -os.constants.errno[code], code, syscall, path: file });
}

/** Counts the call; returns the error to fail it with, or null. */
function check(kind, file) {
  const name = String(file ?? '');
  for (const rule of rules) {
    if (rule.kind !== kind || (rule.pattern && !rule.pattern.test(name))) continue;
    rule.seen++;
    if (rule.seen === rule.n || (rule.persistent && rule.seen > rule.n)) {
      if (logFile) appendLog(logFile, `${kind} ${rule.seen} ${rule.code} ${name}\n`);
      return fault(rule.code, kind, name);
    }
  }
  return null;
}

const fdPaths = new Map();
const handlePaths = new WeakMap();
const pathOf = (target) =>
  typeof target === 'number' ? fdPaths.get(target) : (target?.toString?.() ?? '');

/** Wraps fs.promises.NAME (and FileHandle methods): rejects instead of calling through. */
function wrapPromise(object, name, kind, target = (args) => pathOf(args[0])) {
  const original = object[name];
  if (typeof original !== 'function') return;
  object[name] = async function (...args) {
    const err = check(kind, target.call(this, args));
    if (err) throw err;
    return original.apply(this, args);
  };
}

/** Wraps a callback API: the callback gets the error on a later tick, as from libuv. */
function wrapCallback(name, kind) {
  const original = fs[name];
  if (typeof original !== 'function') return;
  fs[name] = function (...args) {
    const callback = args.at(-1);
    const err = typeof callback === 'function' ? check(kind, pathOf(args[0])) : null;
    if (err) return process.nextTick(callback, err);
    return original.apply(this, args);
  };
}

function wrapSync(name, kind) {
  const original = fs[name];
  if (typeof original !== 'function') return;
  fs[name] = function (...args) {
    const err = check(kind, pathOf(args[0]));
    if (err) throw err;
    return original.apply(this, args);
  };
}

const families = {
  open: ['open'],
  read: ['readFile'],
  write: ['writeFile', 'appendFile', 'write'],
  fsync: ['fsync', 'fdatasync'],
  rename: ['rename'],
  mkdir: ['mkdir'],
  chmod: ['chmod'],
  copyfile: ['copyFile'],
  unlink: ['unlink', 'rm', 'rmdir'],
};

for (const [kind, names] of Object.entries(families)) {
  for (const name of names) {
    wrapCallback(name, kind);
    wrapSync(`${name}Sync`, kind);
    if (name !== 'write' && name !== 'fsync' && name !== 'fdatasync') {
      wrapPromise(fs.promises, name, kind);
    }
  }
}

// Remember which path each descriptor and FileHandle is for, so writes and fsyncs on
// them can be matched by path.
const openPromise = fs.promises.open;
fs.promises.open = async function (file, ...rest) {
  const handle = await openPromise.call(this, file, ...rest);
  handlePaths.set(handle, String(file));
  return handle;
};
const openCallback = fs.open;
fs.open = function (file, ...args) {
  const callback = args.pop();
  return openCallback.call(this, file, ...args, (err, fd) => {
    if (!err) fdPaths.set(fd, String(file));
    callback(err, fd);
  });
};
const openSync = fs.openSync;
fs.openSync = function (file, ...args) {
  const fd = openSync.call(this, file, ...args);
  fdPaths.set(fd, String(file));
  return fd;
};

const handlePath = function () {
  return handlePaths.get(this) ?? '';
};
for (const name of ['writeFile', 'write', 'appendFile', 'writev']) {
  wrapPromise(FileHandle, name, 'write', handlePath);
}
for (const name of ['sync', 'datasync']) wrapPromise(FileHandle, name, 'fsync', handlePath);

syncBuiltinESMExports();
