// Headless Chromium runs examples/clock/ (@moq/lite from npm) against
// time-server: for each IETF draft @moq/lite speaks (14 in band, 15/16/17
// through the WebTransport protocol) it must receive >= 3 consecutive
// timestamps, and once more with an http:// URL so that @moq/lite fetches
// /certificate.sha256 itself. Loopback only.
//
//   node tests/browser/moq_lite_clock.mjs path/to/time-server
//
// Prints one line per case and "N passed, N failed"; exits non-zero on failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, chromiumPath, finish, preflight, startPageServer } from './lib.mjs';

const serverBin = process.argv[2];
const chromium = await preflight(serverBin, 'moq_lite_clock.mjs path/to/time-server');
const { pages, pagePort } = await startPageServer();

// ---- time-server, one per case -------------------------------------------
function startServer(drafts) {
  return new Promise((resolve, reject) => {
    const proc = spawn(serverBin, ['--listen', '127.0.0.1:0', '--draft', drafts], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => reject(new Error('time-server did not start: ' + log)), 10000);
    proc.stderr.on('data', (d) => {
      log += d;
      const port = /moqt:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      const fp = /fingerprint ([0-9a-f]{64})/.exec(log);
      if (port && fp && !proc.started) {
        proc.started = true;
        clearTimeout(timer);
        resolve({ proc, port: Number(port[1]), fingerprint: fp[1], log: () => log });
      }
    });
    proc.on('exit', () => reject(new Error('time-server exited: ' + log)));
  });
}

function consecutive(ts) {
  const secs = ts.map((s) => Date.parse(s.replace(/\.(\d{3})\d*/, '.$1')));
  for (let i = 1; i < secs.length; i++) {
    const d = secs[i] - secs[i - 1];
    if (!(d > 500 && d < 1500)) return false;
  }
  return secs.every((x) => !Number.isNaN(x));
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
    const srv = await startServer(c.drafts);
    // Let a group or two exist first: SUBSCRIBE_OK then carries the largest location.
    await new Promise((r) => setTimeout(r, 1500));
    const tab = await browser.newPage();
    const consoleLines = [];
    tab.on('console', (m) => consoleLines.push(m.text()));
    try {
      let q = `server=${c.scheme}://127.0.0.1:${srv.port}`;
      if (c.scheme === 'https') q += `&fingerprint=${srv.fingerprint}`;
      await tab.goto(`http://localhost:${pagePort}/examples/clock/?${q}`);
      await tab.waitForFunction(() => window.clock && (window.clock.error || window.clock.received.length >= 3),
        null, { timeout: 20000 }).catch(() => {});
      const st = await tab.evaluate(() => window.clock);
      const ok = st && !st.error && st.received.length >= 3 && consecutive(st.received) && c.version.test(st.version || '');
      check(c.name, ok, ok ? { version: st.version, received: st.received.slice(0, 3) }
        : { state: st, console: consoleLines.slice(-8), server: srv.log().split('\n').slice(-8) });
    } finally {
      await tab.close();
      srv.proc.removeAllListeners('exit');
      srv.proc.kill('SIGTERM');
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
