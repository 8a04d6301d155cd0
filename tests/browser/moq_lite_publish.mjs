// Headless Chromium runs examples/publish/ (@moq/lite from npm), which
// publishes to `moqt-sub --listen`: the page announces a namespace
// (PUBLISH_NAMESPACE), moqt-sub accepts it and SUBSCRIBEs to the track, the
// page serves it (text objects in three groups, each group a stream that
// @moq/lite ends with a FIN and no End of Group object) and moqt-sub must
// write exactly those objects to its stdout, group after group, in order. Once for each IETF draft @moq/lite speaks (14
// in band, 15/16/17 through the WebTransport protocol), and once with an
// http:// URL (the page fetches /certificate.sha256). Loopback only.
//
//   node tests/browser/moq_lite_publish.mjs path/to/moqt-sub
//
// Prints one line per case and "N passed, N failed"; exits non-zero on failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, chromiumPath, finish, preflight, startPageServer } from './lib.mjs';

const subBin = process.argv[2];
const chromium = await preflight(subBin, 'moq_lite_publish.mjs path/to/moqt-sub');
const { pages, pagePort } = await startPageServer();

// ---- moqt-sub --listen, one per case ---------------------------------------
const namespace = 'browser/demo';
const trackName = 'text';
const lines = ['hello from the browser', 'second object', '', 'fourth: ünïcödé', 'x'.repeat(3000)];
// The page spreads the lines over |groups| groups of consecutive lines.
const groups = 3;
const groupSizes = [2, 2, 1];

function startSub(drafts) {
  return new Promise((resolve, reject) => {
    const args = ['--listen', '127.0.0.1:0', '--draft', drafts, '--namespace', namespace,
      '--track', trackName, '--lines', '--count', String(lines.length)];
    const proc = spawn(subBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const out = [];
    proc.stdout.on('data', (d) => out.push(d));
    proc.exited = new Promise((r) => proc.on('exit', (code) => r(code)));
    const timer = setTimeout(() => reject(new Error('moqt-sub did not start: ' + log)), 10000);
    proc.stderr.on('data', (d) => {
      log += d;
      const port = /moqt:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      const fp = /fingerprint ([0-9a-f]{64})/.exec(log);
      if (port && fp && !proc.started) {
        proc.started = true;
        clearTimeout(timer);
        resolve({ proc, port: Number(port[1]), fingerprint: fp[1], log: () => log,
          stdout: () => Buffer.concat(out).toString('utf8') });
      }
    });
    proc.on('exit', () => { if (!proc.started) reject(new Error('moqt-sub exited: ' + log)); });
  });
}

const cases = [
  { name: 'draft 14 (in-band, CLIENT_SETUP versions)', drafts: '14', scheme: 'https', version: /14|ff00000e/i },
  { name: 'draft 15 (WT-Protocol moqt-15)', drafts: '15', scheme: 'https', version: /15|ff00000f/i },
  { name: 'draft 16 (WT-Protocol moqt-16)', drafts: '16', scheme: 'https', version: /16|ff000010/i },
  { name: 'draft 17 (WT-Protocol moqt-17)', drafts: '17', scheme: 'https', version: /17|ff000011/i },
  { name: 'http:// URL (fetches /certificate.sha256)', drafts: '7-19', scheme: 'http', version: /./ },
];

const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'moqt-chromium-'));
let browser;
try {
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  for (const c of cases) {
    const sub = await startSub(c.drafts);
    const tab = await browser.newPage();
    const consoleLines = [];
    tab.on('console', (m) => consoleLines.push(m.text()));
    try {
      const q = new URLSearchParams({ server: `${c.scheme}://127.0.0.1:${sub.port}`, namespace,
        track: trackName, lines: lines.join('|'), groups: String(groups) });
      if (c.scheme === 'https') q.set('fingerprint', sub.fingerprint);
      await tab.goto(`http://localhost:${pagePort}/examples/publish/?${q}`);
      // moqt-sub exits by itself after --count objects.
      const code = await Promise.race([sub.proc.exited, new Promise((r) => setTimeout(() => r('timeout'), 20000))]);
      const st = await tab.evaluate(() => window.pub);
      const got = sub.stdout();
      const want = lines.map((l) => l + '\n').join('');
      const log = sub.log();
      const ok = code === 0 && got === want && st && !st.error && c.version.test(st.version || '') &&
        JSON.stringify(st.groups) === JSON.stringify(groupSizes) && !/reset|stopped/.test(log) &&
        /namespace browser\/demo announced/.test(log) && /subscribe browser\/demo text/.test(log);
      check(c.name, ok, ok ? { version: st.version, objects: lines.length, groups: st.groups }
        : { exit: code, stdout: got.slice(0, 200), page: st, console: consoleLines.slice(-8),
          moqtSub: log.split('\n').slice(-12) });
    } finally {
      await tab.close();
      sub.proc.kill('SIGTERM');
    }
  }
} catch (e) {
  check('browser run', false, String(e));
} finally {
  if (browser) await browser.close();
  pages.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
finish();
