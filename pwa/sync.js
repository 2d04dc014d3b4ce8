// Sending the outbox: photos one by one first, then records in the order they were made.
// Runs in the page and in the service worker (Background Sync); a Web Lock keeps it to one at a time.
import { all, del, get, kvGet, kvSet, put } from "./db.js";
import { api, token } from "./api.js";
import { afterFailure, classify, flushOrder, isBlocked, isMine, newOp, resetForRetry, withDependents } from "./outbox.js";

const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("safecampus") : null;
const listeners = new Set();
let counter = 0;

export function onChange(fn) { listeners.add(fn); }
export function notify(what = "outbox") {
  for (const fn of listeners) fn(what);
  channel?.postMessage(what);
}
channel?.addEventListener("message", (event) => { for (const fn of listeners) fn(event.data); });

export const nextSeq = () => Date.now() * 100 + (counter++ % 100);

export async function enqueue(type, fields) {
  // Each write is sent under the account that made it, never under whoever signs in next.
  const owner = (await kvGet("user"))?.id ?? null;
  const op = newOp(type, { owner, ...fields }, nextSeq());
  await put("outbox", op);
  notify(); // the app schedules the sending: whoever queues need not remember to
  return op;
}

/** Queue a photo stored in the photos store (once per hash). */
export async function enqueuePhoto(sha) {
  const photo = await get("photos", sha);
  if (!photo || photo.uploaded) return null;
  const existing = await get("outbox", `photo:${sha}`);
  if (existing) return existing;
  return enqueue("photo", { id: `photo:${sha}`, sha });
}

function send(op) {
  switch (op.type) {
    case "photo": return sendPhoto(op);
    case "inspection": return api(`/inspections/${op.inspectionId}`, { method: "PUT", body: op.body });
    case "ack": return api(`/hazards/${op.hazardId}/acknowledgement`, { method: "POST", body: op.body });
    case "proof": return api(`/hazards/${op.hazardId}/rectifications/${op.rectificationId}`, { method: "PUT", body: op.body });
    case "verify": return api(`/hazards/${op.hazardId}/verification`, { method: "POST", body: op.body });
    case "drill": return api(`/drills/${op.recordId}`, { method: "PUT", body: op.body });
    case "incident": return api(`/incidents/${op.recordId}`, { method: "PUT", body: op.body });
    case "read": return api("/notices/read", { method: "POST", body: op.body });
    default: throw new Error(`unknown op ${op.type}`);
  }
}

async function sendPhoto(op) {
  const photo = await get("photos", op.sha);
  if (!photo) return null; // deleted on this phone: nothing to send
  const query = new URLSearchParams();
  for (const key of ["taken_at", "lat", "lon", "accuracy_m"]) {
    if (photo[key] !== null && photo[key] !== undefined) query.set(key, photo[key]);
  }
  const result = await api(`/photos/${op.sha}?${query}`, { method: "PUT", raw: photo.blob, contentType: "image/jpeg", timeoutMs: 60000 });
  await put("photos", { ...photo, uploaded: true });
  return result;
}

async function succeeded(op, result) {
  await del("outbox", op.id);
  if (result && op.hazardId && typeof result.version === "number") {
    await put("hazards", { ...result, cachedAt: Date.now() });
    // The next queued change of this hazard builds on the version this one produced.
    for (const other of await all("outbox")) {
      if (other.after === op.id) await put("outbox", { ...other, after: null, body: { ...other.body, base_version: result.version } });
    }
  }
  if (op.type === "inspection" && result?.hazard_ids) await kvSet("hazardsStale", true);
}

/** Send what is due (everything with force). Returns {sent, failed, auth, offline, unreachable}:
 *  offline, a failure to retry later; unreachable, one that got no answer at all. */
export async function flush({ force = false } = {}) {
  const run = () => flushOnce(force);
  if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request("safecampus-flush", run);
  return run();
}

async function flushOnce(force) {
  const summary = { sent: 0, failed: 0, auth: false, offline: false, unreachable: false };
  if (!(await token.get())) {
    if ((await all("outbox")).length) { summary.auth = true; await kvSet("authNeeded", true); notify(); }
    return summary;
  }
  const handle = async (op) => {
    try {
      const result = await send(op);
      await succeeded(op, result);
      summary.sent += 1;
      notify();
      return true;
    } catch (error) {
      const kind = classify(error);
      if (kind === "auth") { summary.auth = true; await kvSet("authNeeded", true); }
      else if (kind === "retry") { summary.offline = true; summary.unreachable = !error?.status; }
      else summary.failed += 1;
      await put("outbox", afterFailure(op, error));
      notify();
      return kind !== "auth" && kind !== "retry"; // no network or no session: stop this round
    }
  };
  const now = Date.now();
  const me = (await kvGet("user"))?.id;
  const mine = async () => (await all("outbox")).filter((op) => isMine(op, me));
  const { photos } = flushOrder(await mine(), now, force);
  for (const op of photos) if (!(await handle(op))) return finish(summary);
  const { records } = flushOrder(await mine(), now, force);
  for (const op of records) {
    const current = await get("outbox", op.id); // a predecessor may have changed it
    if (!current || current.state !== "pending" || isBlocked(current, await all("outbox"))) continue;
    if (!(await handle(current))) return finish(summary);
  }
  return finish(summary);
}

async function finish(summary) {
  if (!summary.auth && !summary.offline) await kvSet("lastSync", Date.now());
  await kvSet("lastAttempt", { at: Date.now(), ...summary });
  notify();
  return summary;
}

/** The user asks to try again. A stale version is rebased on what the server has now. */
export async function retryOp(id) {
  const op = await get("outbox", id);
  if (!op) return;
  let next = resetForRetry(op);
  if (op.error?.code === "stale_version" && op.hazardId) {
    const fresh = await api(`/hazards/${op.hazardId}`);
    await put("hazards", { ...fresh, cachedAt: Date.now() });
    next = { ...next, body: { ...next.body, base_version: fresh.version } };
  }
  await put("outbox", next);
  notify();
}

export async function discardOp(id) {
  const ops = await all("outbox");
  const op = ops.find((o) => o.id === id);
  if (!op) return;
  for (const drop of withDependents(op, ops)) await del("outbox", drop.id);
  notify();
}

export async function pendingOps() {
  return (await all("outbox")).sort((a, b) => a.seq - b.seq);
}

export { kvGet };
