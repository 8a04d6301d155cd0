// Publishes one track from the browser with @moq/lite: announces the
// namespace, waits for a subscriber's request for the track and writes the
// lines as the objects of several groups (groups 0, 1, ..., each holding
// consecutive lines as objects 0, 1, 2, ...).
// Query parameters: server (http:// or https:// URL of moqt-sub --listen),
// fingerprint (hex SHA-256 of its certificate, for https:// URLs), namespace
// (default browser/demo), track (default text), lines ('|'-separated),
// groups (how many groups to spread the lines over, default 3).
// State for tests: window.pub = {version, requested: [], sent: [], groups: [], error}
// (groups: the number of lines each group holds).
import * as Moq from "@moq/lite";

const params = new URLSearchParams(location.search);
const server = params.get("server") || "http://127.0.0.1:4443";
const fingerprint = params.get("fingerprint");
const namespace = params.get("namespace") || "browser/demo";
const trackName = params.get("track") || "text";
const lines = (params.get("lines") || "hello from the browser|second line|third line").split("|");
const groupCount = Math.max(1, Math.min(lines.length, Math.floor(Number(params.get("groups"))) || 3));
const status = document.getElementById("status");
const list = document.getElementById("sent");
const state = { version: null, requested: [], sent: [], groups: [], error: null };
window.pub = state;

function hexToBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
  return bytes;
}

// The lines in |groupCount| groups of consecutive lines. @moq/lite sends each
// group on its own stream and ends it with a FIN under a header that says
// "contains End of Group", without an End of Group object: the subscriber
// learns from that that the group is over.
function serve(track) {
  let next = 0;
  for (let g = 0; g < groupCount; g++) {
    const size = Math.ceil((lines.length - next) / (groupCount - g));
    const group = track.appendGroup();
    for (const line of lines.slice(next, next + size)) {
      group.writeString(line);
      state.sent.push(line);
      const item = document.createElement("li");
      item.textContent = `group ${g}: ${line}`;
      list.append(item);
    }
    group.close();
    state.groups.push(size);
    next += size;
  }
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
    status.textContent = `${namespace}/${trackName} requested: publishing ${lines.length} objects in ${groupCount} groups`;
    serve(track);
  }
  status.textContent = "the broadcast ended";
}

run().catch((e) => {
  state.error = String(e && e.stack ? e.stack : e);
  status.textContent = `error: ${e}`;
  console.error(e);
});
