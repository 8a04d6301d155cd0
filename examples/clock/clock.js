// Subscribes to clock/second with @moq/lite and lists the timestamps.
// Query parameters: server (http:// or https:// URL of time-server),
// fingerprint (hex SHA-256 of its certificate, for https:// URLs).
// State for tests: window.clock = {version, received: [], error}.
import * as Moq from "@moq/lite";

const params = new URLSearchParams(location.search);
const server = params.get("server") || "http://127.0.0.1:8080";
const fingerprint = params.get("fingerprint");
const status = document.getElementById("status");
const list = document.getElementById("times");
const state = { version: null, received: [], error: null };
window.clock = state;

function hexToBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
  return bytes;
}

async function run() {
  const options = { websocket: { enabled: false } };
  if (fingerprint) {
    options.webtransport = {
      serverCertificateHashes: [{ algorithm: "sha-256", value: hexToBytes(fingerprint) }],
    };
  }
  const conn = await Moq.Connection.connect(new URL(server), options);
  state.version = String(conn.version);
  status.textContent = `connected to ${server} (${state.version})`;
  const track = conn.consume(Moq.Path.from("clock")).subscribe("second", 0);
  for (;;) {
    const group = await track.nextGroup();
    if (!group) break;
    const text = await group.readString();
    if (text === undefined) continue;
    state.received.push(text);
    const item = document.createElement("li");
    item.textContent = text;
    list.prepend(item);
  }
  status.textContent = "the track ended";
}

run().catch((e) => {
  state.error = String(e && e.stack ? e.stack : e);
  status.textContent = `error: ${e}`;
  console.error(e);
});
