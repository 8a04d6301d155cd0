// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// against our WebTransport server on real QUIC (wt_echo_server).
//
//   node tests/browser/wt_chromium.mjs path/to/wt_echo_server
//
// The page (served from http://localhost:PORT, a secure context) opens
// new WebTransport('https://127.0.0.1:QPORT/echo', {serverCertificateHashes,
// protocols: ['moqt-16', 'moq-00']}) and checks: ready, the negotiated
// protocol, a bidi echo, a uni stream each way, a datagram echo, a close whose
// code and reason the server reports, and a close initiated by the server.
// Prints "N passed, N failed" and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const serverBin = process.argv[2];
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail !== undefined ? ': ' + JSON.stringify(detail) : ''}`);
  }
}
function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed ? 1 : 0));
}
if (!serverBin || !existsSync(serverBin)) {
  console.log('usage: wt_chromium.mjs path/to/wt_echo_server');
  failed++;
  finish(2);
}
if (!existsSync(chromiumPath)) {
  console.log(`no ${chromiumPath}: run scripts/setup.sh (Debian package chromium)`);
  failed++;
  finish(1);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log('playwright-core is not installed: run scripts/setup.sh (npm ci)');
  failed++;
  finish(1);
}

// ---- the server under test --------------------------------------------
const server = spawn(serverBin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
const events = [];
const waiters = [];
const lines = readline.createInterface({ input: server.stdout });
let ready;
const readyP = new Promise((r) => (ready = r));
lines.on('line', (line) => {
  let ev;
  try {
    ev = JSON.parse(line);
  } catch {
    return;
  }
  if (ev.port) {
    ready(ev);
    return;
  }
  events.push(ev);
  for (const w of waiters.splice(0)) w();
});
function waitEvent(pred, ms) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const look = () => {
      const ev = events.find(pred);
      if (ev) return resolve(ev);
      if (Date.now() - t0 > ms) return resolve(null);
      waiters.push(look);
      setTimeout(look, 100);
    };
    look();
  });
}
const timeout = setTimeout(() => {
  console.log('timed out');
  failed++;
  server.kill();
  finish(1);
}, 150000);

const { port, fingerprint } = await readyP;
console.log(`server on 127.0.0.1:${port} (udp+tcp), certificate sha-256 ${fingerprint}`);

// The plain-HTTP fingerprint, as @moq/lite fetches it.
const certHex = await new Promise((resolve) => {
  http
    .get({ host: '127.0.0.1', port, path: '/certificate.sha256' }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(res.statusCode === 200 ? body : `status ${res.statusCode}`));
    })
    .on('error', (e) => resolve(String(e)));
});
check('GET /certificate.sha256 over TCP returns the fingerprint', certHex === fingerprint, certHex);

// ---- the page -------------------------------------------------------------
const page = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><title>wt</title><p>libmoqt WebTransport test</p>');
});
await new Promise((r) => page.listen(0, '127.0.0.1', r));
const pagePort = page.address().port;

const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'moqt-chromium-'));
let browser;
let results;
try {
  // A fresh, empty profile (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const tab = browser.pages()[0] || (await browser.newPage());
  tab.on('console', (m) => console.log(`page: ${m.text()}`));
  await tab.goto(`http://localhost:${pagePort}/`);
  results = await tab.evaluate(pageTest, { port, fingerprint });
} catch (e) {
  check('browser ran the page', false, String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}

if (results) {
  for (const [name, ok, detail] of results.checks) check(name, ok, detail);
  const seen = await waitEvent(
    (e) => e.event === 'closed' && e.remote && e.code === 1234,
    5000,
  );
  check('server saw the page close with code 1234', !!seen, events.filter((e) => e.event === 'closed'));
  check('server saw the close reason', seen && seen.reason === 'page says bye', seen);
  const req = events.find((e) => e.event === 'request' && e.path === '/echo');
  check('CONNECT offered both protocols', req && req.offered.join() === 'moqt-16,moq-00', req);
  check('server saw a uni stream from the page', events.some((e) => e.event === 'uni' && e.data === 'uni from page'));
  const own = events.find((e) => e.event === 'closed' && !e.remote && e.code === 4242);
  check('server-initiated close reported locally', !!own, own);
}
clearTimeout(timeout);
server.stdin.end();
server.kill('SIGTERM');
page.close();
finish();

// Runs inside the page.
async function pageTest({ port, fingerprint }) {
  const checks = [];
  const check = (name, ok, detail) => checks.push([name, !!ok, detail]);
  const hash = new Uint8Array(fingerprint.match(/../g).map((h) => parseInt(h, 16)));
  const opts = {
    serverCertificateHashes: [{ algorithm: 'sha-256', value: hash }],
    protocols: ['moqt-16', 'moq-00'],
  };
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const readAll = async (readable) => {
    const reader = readable.getReader();
    let out = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return out;
      out += dec.decode(value, { stream: true });
    }
  };
  const withTimeout = (p, ms, what) =>
    Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`${what} timed out`)), ms))]);

  // Session 1: everything the page does, closed by the page.
  const wt = new WebTransport(`https://127.0.0.1:${port}/echo`, opts);
  try {
    await withTimeout(wt.ready, 10000, 'ready');
    check('session ready', true);
  } catch (e) {
    check('session ready', false, String(e));
    return { checks };
  }
  check('negotiated protocol is moqt-16', wt.protocol === 'moqt-16', wt.protocol);

  try {
    const bidi = await wt.createBidirectionalStream();
    const w = bidi.writable.getWriter();
    await w.write(enc.encode('hello over a bidi stream'));
    await w.close();
    const echoed = await withTimeout(readAll(bidi.readable), 5000, 'bidi echo');
    check('bidi echo', echoed === 'hello over a bidi stream', echoed);
  } catch (e) {
    check('bidi echo', false, String(e));
  }

  try {
    const incoming = wt.incomingUnidirectionalStreams.getReader();
    const uni = await wt.createUnidirectionalStream();
    const w = uni.getWriter();
    await w.write(enc.encode('uni from page'));
    await w.close();
    const { value } = await withTimeout(incoming.read(), 5000, 'incoming uni');
    const back = await withTimeout(readAll(value), 5000, 'uni data');
    check('uni stream each way', back === 'uni from page', back);
    incoming.releaseLock();
  } catch (e) {
    check('uni stream each way', false, String(e));
  }

  try {
    const dw = wt.datagrams.writable.getWriter();
    const dr = wt.datagrams.readable.getReader();
    let got = null;
    for (let i = 0; i < 20 && got === null; i++) {
      await dw.write(enc.encode('datagram ' + i));
      const r = await Promise.race([dr.read(), new Promise((res) => setTimeout(() => res(null), 250))]);
      if (r && r.value) got = dec.decode(r.value);
    }
    check('datagram echo', got !== null && got.startsWith('datagram '), got);
    dw.releaseLock();
    dr.releaseLock();
  } catch (e) {
    check('datagram echo', false, String(e));
  }

  wt.close({ closeCode: 1234, reason: 'page says bye' });
  try {
    const info = await withTimeout(wt.closed, 5000, 'closed');
    check('page close completes', info.closeCode === 1234, info);
  } catch (e) {
    check('page close completes', false, String(e));
  }

  // Session 2: the server closes it.
  const wt2 = new WebTransport(`https://127.0.0.1:${port}/echo`, opts);
  try {
    await withTimeout(wt2.ready, 10000, 'ready 2');
    const uni = await wt2.createUnidirectionalStream();
    const w = uni.getWriter();
    // The server may close the session before this writer's close settles:
    // that promise can reject ("session is closed"); only wt2.closed matters.
    w.write(enc.encode('please close')).catch(() => {});
    w.close().catch(() => {});
    const info = await withTimeout(wt2.closed, 5000, 'server close');
    check('server close code reaches the page', info.closeCode === 4242, info);
    check('server close reason reaches the page', info.reason === 'server closing', info);
  } catch (e) {
    check('server close reaches the page', false, String(e));
  }

  // Session 3: an unknown path is refused.
  const wt3 = new WebTransport(`https://127.0.0.1:${port}/nope`, opts);
  try {
    await withTimeout(wt3.ready, 5000, 'ready 3');
    check('unknown path refused', false, 'ready resolved');
  } catch (e) {
    check('unknown path refused', true);
  }
  return { checks };
}
