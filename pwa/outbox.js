// The outbox's pure logic: states, retry schedule, what an error means, flush order (`node --test`).
//
// An operation ("op") is a write waiting for the server, stored in IndexedDB:
//   { id, seq, type: "photo"|"inspection"|"ack"|"proof"|"verify", state, attempts, nextAt,
//     after?: id of an op that must succeed first, error?: {status, code, message}, ... }
// state: "pending" (will be sent; after a failure it waits until nextAt),
//        "conflict" (409: shown to the user, not retried until they say so),
//        "failed" (refused for another reason: shown, not retried until they say so).

/** Seconds to wait after the n-th failed attempt (1-based); the last step repeats. */
export const BACKOFF_S = [5, 15, 30, 60, 120, 300, 600, 1800];

export function backoffMs(attempts, random = Math.random) {
  const base = BACKOFF_S[Math.min(Math.max(attempts, 1), BACKOFF_S.length) - 1] * 1000;
  return Math.round(base * (0.8 + 0.4 * random())); // ±20 % so that phones do not retry in step
}

/** What to do about an error: "retry" later, sign in again ("auth"), or show it ("conflict"/"failed"). */
export function classify(error) {
  const status = error?.status;
  if (!status) return "retry"; // no answer: offline, aborted, DNS, ...
  if (status === 401) return "auth";
  if (status === 409) return "conflict";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "failed";
}

export function newOp(type, fields, seq, now = Date.now()) {
  return { id: fields.id ?? `${type}:${seq}`, seq, type, state: "pending", attempts: 0, nextAt: 0, createdAt: now,
           ...fields };
}

/** The op after an attempt that failed with `error` (not mutated). */
export function afterFailure(op, error, now = Date.now(), random = Math.random) {
  const kind = classify(error);
  const attempts = op.attempts + 1;
  const info = { status: error?.status ?? 0, code: error?.code ?? (error?.status ? "http_error" : "network"),
                 message: error?.message ?? "" };
  if (kind === "retry") return { ...op, attempts, state: "pending", nextAt: now + backoffMs(attempts, random), error: info };
  if (kind === "auth") return { ...op, state: "pending", nextAt: 0, error: info };
  return { ...op, attempts, state: kind, error: info };
}

/** The user said "retry": send it at the next flush, whatever happened before. */
export function resetForRetry(op) {
  return { ...op, state: "pending", nextAt: 0, attempts: 0, error: undefined };
}

/** Ops to send now, in order: photos first, then records by creation order. Records waiting for
 *  another op (`after`) that is still queued are left for later; held ops (conflict/failed) never go. */
export function flushOrder(ops, now = Date.now(), force = false) {
  const ready = (op) => op.state === "pending" && (force || !op.nextAt || op.nextAt <= now);
  const bySeq = (a, b) => a.seq - b.seq;
  const photos = ops.filter((op) => op.type === "photo" && ready(op)).sort(bySeq);
  const records = ops.filter((op) => op.type !== "photo" && ready(op)).sort(bySeq);
  return { photos, records };
}

export function isBlocked(op, ops) {
  return Boolean(op.after) && ops.some((other) => other.id === op.after);
}

/** Whether `me` sends the op: each write goes under the account that made it. */
export const isMine = (op, me) => !op.owner || op.owner === me;

/** When a flush for `me` next has something to send (0: now), or null: nothing goes until something
 *  changes (held ops, ops waiting for a held one, another account's ops). */
export function nextDue(ops, me) {
  const due = ops.filter((op) => op.state === "pending" && isMine(op, me) && !isBlocked(op, ops)).map((op) => op.nextAt || 0);
  return due.length ? Math.min(...due) : null;
}

/** Counts for the badge and the outbox screen. */
export function counts(ops) {
  const c = { total: ops.length, photos: 0, inspections: 0, proofs: 0, held: 0 };
  for (const op of ops) {
    if (op.type === "photo") c.photos += 1;
    else if (op.type === "inspection") c.inspections += 1;
    else c.proofs += 1;
    if (op.state === "conflict" || op.state === "failed") c.held += 1;
  }
  return c;
}

/** The ops to drop with `op` when the user discards it: it and everything that waits for it. */
export function withDependents(op, ops) {
  const ids = new Set([op.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const other of ops) if (other.after && ids.has(other.after) && !ids.has(other.id)) { ids.add(other.id); grew = true; }
  }
  return ops.filter((other) => ids.has(other.id));
}
