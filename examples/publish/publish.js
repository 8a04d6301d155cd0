// Publishes one track from the browser with @moq/lite: announces the
// namespace, waits for a subscriber's request for the track and writes the
// lines as the objects of one group (object ids 0, 1, 2, ...).
// Query parameters: server (http:// or https:// URL of moqt-sub --listen),
// fingerprint (hex SHA-256 of its certificate, for https:// URLs), namespace
// (default browser/demo), track (default text), lines ('|'-separated).
// State for tests: window.pub = {version, requested: [], sent: [], error}.
import * as Moq from "@moq/lite";

const params = new URLSearchParams(location.search);
const server = params.get("server") || "http://127.0.0.1:4443";
const fingerprint = params.get("fingerprint");
const namespace = params.get("namespace") || "browser/demo";
const trackName = params.get("track") || "text";
const lines = (params.get("lines") || "hello from the browser|second line|third line").split("|");
const status = document.getElementById("status");
const list = document.getElementById("sent");
const state = { version: null, requested: [], sent: [], error: null };
window.pub = state;

function hexToBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
  return bytes;
}

// One group holding every line: the subscriber reads the objects in order.
// (@moq/lite ends a group by closing its stream, without an End of Group
// object.)
function serve(track) {
  const group = track.appendGroup();
  for (const line of lines) {
    group.writeString(line);
    state.sent.push(line);
    const item = document.createElement("li");
    item.textContent = line;
    list.append(item);
  }
  group.close();
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
  status.textContent = `connected to ${server} (${state.version}); announcing ${namespace}`;
  const broadcast = new Moq.Broadcast();
  conn.publish(Moq.Path.from(namespace), broadcast);
  for (;;) {
    const request = await broadcast.requested();
    if (!request) break;
    const track = request.track;
    state.requested.push(track.name);
    if (track.name !== trackName) {
      track.close(new Error(`no track ${track.name}`));
      continue;
    }
    status.textContent = `${namespace}/${trackName} requested: publishing ${lines.length} objects`;
    serve(track);
  }
  status.textContent = "the broadcast ended";
}

run().catch((e) => {
  state.error = String(e && e.stack ? e.stack : e);
  status.textContent = `error: ${e}`;
  console.error(e);
});
