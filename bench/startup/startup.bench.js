// @ts-check
/**
 * Start-up figures for the foundation issue, on the compiled app (run `npm run build` first):
 *  - import time: a fresh `node` requiring every dist/functions/*.js (what a cold Azure worker loads);
 *  - `npm start` to ready: spawning dist/dev/start.js (free ports) until its banner says ready,
 *    then Ctrl-C (SIGINT) until the process and its Azurite child are gone.
 * Run: node bench/startup/startup.bench.js [runs]
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const runs = Number(process.argv[2] ?? 5);

const importScript = `
const t = process.hrtime.bigint();
const fs = require('fs'), path = require('path');
const dir = path.join(${JSON.stringify(root)}, 'dist', 'functions');
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) require(path.join(dir, f));
const n = require(path.join(dir, '_lib', 'register.js')).registeredFunctions().length;
process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - t) / 1e6, functions: n }));`;

function importTime() {
  const env = { ...process.env, DEPLOYMENT_ENVIRONMENT: 'test', PUBLIC_BASE_URL: 'http://127.0.0.1:7071', STORAGE_CONNECTION: 'UseDevelopmentStorage=true' };
  const out = spawnSync(process.execPath, ['-e', importScript], { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

/** @returns {Promise<{ readyMs: number; stopMs: number; leftover: boolean }>} */
function startToReady() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env = { ...process.env, PORT: '0', SANDBOX_EHR_PORT: '0', AZURITE_BLOB_PORT: '0', AZURITE_QUEUE_PORT: '0', AZURITE_TABLE_PORT: '0' };
    const child = spawn(process.execPath, [path.join(root, 'dist', 'dev', 'start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let readyMs = 0;
    let stopAt = 0;
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (!readyMs && output.includes('Press Ctrl-C')) {
        readyMs = performance.now() - started;
        stopAt = performance.now();
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', () => {
      if (!readyMs) return reject(new Error(`npm start did not get ready:\n${output.slice(-2000)}`));
      const leftover = spawnSync('pgrep', ['-f', `azurite.*--blobPort 0`], { encoding: 'utf8' }).stdout.split('\n').some((pid) => pid && isChildOf(Number(pid), child.pid ?? -1));
      resolve({ readyMs, stopMs: performance.now() - stopAt, leftover });
    });
  });
}

/** @param {number} pid @param {number} parent */
function isChildOf(pid, parent) {
  const ppid = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return Number(ppid) === parent;
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

(async () => {
  const imports = Array.from({ length: runs }, importTime);
  const starts = [];
  for (let i = 0; i < runs; i++) starts.push(await startToReady());
  const result = {
    functions: imports[0]?.functions,
    importMsMedian: Math.round(median(imports.map((r) => r.ms))),
    importMsRange: [Math.round(Math.min(...imports.map((r) => r.ms))), Math.round(Math.max(...imports.map((r) => r.ms)))],
    startToReadyMsMedian: Math.round(median(starts.map((r) => r.readyMs))),
    startToReadyMsRange: [Math.round(Math.min(...starts.map((r) => r.readyMs))), Math.round(Math.max(...starts.map((r) => r.readyMs)))],
    stopMsMedian: Math.round(median(starts.map((r) => r.stopMs))),
    processesLeftBehind: starts.filter((r) => r.leftover).length,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
})().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
