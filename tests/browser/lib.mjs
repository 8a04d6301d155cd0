// What the @moq/lite browser tests share: the repository root, the check /
// finish reporting, the preflight for chromium and @moq/lite, and a tiny
// static file server for examples/ and node_modules/ on loopback.
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let passed = 0;
let failed = 0;

export function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail !== undefined ? ': ' + JSON.stringify(detail) : ''}`);
}

export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// Exits 2 on a missing binary argument, 1 when chromium or @moq/lite is not
// installed; returns playwright-core's chromium otherwise.
export async function preflight(bin, usage) {
  if (!bin || !existsSync(bin)) {
    console.log(`usage: ${usage}`);
    process.exit(2);
  }
  for (const [what, p] of [['chromium', chromiumPath], ['@moq/lite', path.join(root, 'node_modules/@moq/lite/index.js')]]) {
    if (!existsSync(p)) {
      console.log(`FAIL ${what} is missing (${p}): run scripts/setup.sh`);
      process.exit(1);
    }
  }
  return (await import('playwright-core')).chromium;
}

// Serves examples/ and node_modules/ (nothing else) on 127.0.0.1; resolves
// to { pages, pagePort }.
export async function startPageServer() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json' };
  const pages = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    const allowed = ['examples', 'node_modules'].some((d) => file.startsWith(path.join(root, d) + path.sep));
    if (allowed && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!allowed || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => pages.listen(0, '127.0.0.1', r));
  return { pages, pagePort: pages.address().port };
}
