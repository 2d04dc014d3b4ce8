// Pure logic of the field app, run with node's built-in test runner: `node --test tests/pwa/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { afterFailure, backoffMs, BACKOFF_S, classify, counts, flushOrder, isBlocked, isMine, newOp, nextDue,
         resetForRetry, withDependents } from "../../pwa/outbox.js";
import { fitWithin, parseExif, sha256Hex, withDeviceOffset } from "../../pwa/photos.js";
import { currentTerm, defaultDueOn, defaultKind, termRequest, termWindows } from "../../pwa/terms.js";

test("the retry schedule backs off and stays at its last step", () => {
  const mid = () => 0.5;
  assert.equal(backoffMs(1, mid), 5000);
  assert.equal(backoffMs(2, mid), 15000);
  assert.equal(backoffMs(50, mid), BACKOFF_S.at(-1) * 1000);
  for (let n = 1; n < 12; n += 1) assert.ok(backoffMs(n + 1, mid) >= backoffMs(n, mid));
  assert.equal(backoffMs(1, () => 0), 4000); // jitter ±20 %
  assert.equal(backoffMs(1, () => 1), 6000);
});

test("errors: no answer and server trouble retry; 401 asks to sign in; 409 and refusals are held", () => {
  assert.equal(classify({ status: 0 }), "retry");
  assert.equal(classify(new TypeError("Failed to fetch")), "retry");
  assert.equal(classify({ status: 503 }), "retry");
  assert.equal(classify({ status: 429 }), "retry");
  assert.equal(classify({ status: 401 }), "auth");
  assert.equal(classify({ status: 409, code: "stale_version" }), "conflict");
  assert.equal(classify({ status: 400 }), "failed");
  assert.equal(classify({ status: 413 }), "failed");
});

test("a failed op waits, a conflict is held until the user retries, a 401 keeps the op as it was", () => {
  const op = newOp("inspection", { id: "i1" }, 1, 1000);
  const retried = afterFailure(op, { status: 0 }, 1000, () => 0.5);
  assert.equal(retried.state, "pending");
  assert.equal(retried.nextAt, 6000);
  assert.equal(retried.attempts, 1);
  const held = afterFailure(retried, { status: 409, code: "id_conflict", message: "x" }, 2000);
  assert.equal(held.state, "conflict");
  assert.equal(held.error.code, "id_conflict");
  assert.deepEqual(flushOrder([held], 10 ** 12, true), { photos: [], records: [] }); // never sent again by itself
  const auth = afterFailure(op, { status: 401 }, 1000);
  assert.equal(auth.state, "pending");
  assert.equal(auth.attempts, 0);
  const again = resetForRetry(held);
  assert.equal(again.state, "pending");
  assert.equal(again.nextAt, 0);
});

test("photos go first, then records in the order they were made; not-due ops wait unless forced", () => {
  const ops = [
    { ...newOp("inspection", { id: "i" }, 1), nextAt: 0 },
    newOp("photo", { id: "p2" }, 3),
    { ...newOp("photo", { id: "p1" }, 2), nextAt: 5000 },
    newOp("proof", { id: "r", after: "a" }, 5),
    newOp("ack", { id: "a" }, 4),
  ];
  const now = flushOrder(ops, 1000);
  assert.deepEqual(now.photos.map((o) => o.id), ["p2"]);
  assert.deepEqual(now.records.map((o) => o.id), ["i", "a", "r"]);
  assert.deepEqual(flushOrder(ops, 1000, true).photos.map((o) => o.id), ["p1", "p2"]);
  assert.ok(isBlocked(ops[3], ops));
  assert.ok(!isBlocked(ops[3], ops.filter((o) => o.id !== "a")));
  assert.deepEqual(withDependents(ops[4], ops).map((o) => o.id).sort(), ["a", "r"]);
  assert.deepEqual(counts(ops), { total: 5, photos: 2, inspections: 1, proofs: 2, held: 0 });
});

test("the next sending is due with the earliest op this account can send; held and foreign ops wake nobody", () => {
  const mine = (id, fields) => ({ ...newOp("inspection", { id, owner: "me" }, 1), ...fields });
  assert.equal(nextDue([], "me"), null);
  assert.equal(nextDue([mine("a", { nextAt: 9000 }), mine("b", { nextAt: 7000 })], "me"), 7000);
  assert.equal(nextDue([mine("a", { nextAt: 9000 }), mine("b", { owner: null })], "me"), 0); // queued before sign-in
  assert.equal(nextDue([mine("a", { owner: "someone else" })], "me"), null);
  const held = mine("a", { state: "conflict" });
  assert.equal(nextDue([held, mine("b", { after: "a" })], "me"), null); // waits for the user, not for a timer
  assert.equal(nextDue([mine("a", { nextAt: 5000 }), mine("b", { after: "a" })], "me"), 5000);
  assert.ok(isMine({ owner: "me" }, "me") && isMine({ owner: null }, "me") && !isMine({ owner: "x" }, "me"));
});

test("downscaling keeps the aspect ratio, a long edge of 1600 and never enlarges", () => {
  assert.deepEqual(fitWithin(4000, 3000), { width: 1600, height: 1200, scale: 0.4 });
  assert.deepEqual(fitWithin(3000, 4000), { width: 1200, height: 1600, scale: 0.4 });
  assert.deepEqual(fitWithin(800, 600), { width: 800, height: 600, scale: 1 });
  assert.equal(fitWithin(9000, 10).height, 2);
  assert.equal(fitWithin(0, 0).width, 0);
});

test("the inspection kind defaults from the school calendar", () => {
  assert.equal(defaultKind("2025-08-25"), "term_start"); // before the autumn term
  assert.equal(defaultKind("2025-09-10"), "term_start");
  assert.equal(defaultKind("2025-09-20"), "daily");
  assert.equal(defaultKind("2025-10-25"), "term_mid"); // week 8
  assert.equal(defaultKind("2025-11-28"), "daily");
  assert.equal(defaultKind("2026-01-10"), "term_end");
  assert.equal(defaultKind("2026-01-25"), "term_end");
  assert.equal(defaultKind("2026-02-05"), "daily");
  assert.equal(defaultKind("2026-02-20"), "term_start"); // before the spring term
  assert.equal(defaultKind("2026-04-25"), "term_mid");
  assert.equal(defaultKind("2026-07-01"), "term_end");
  assert.equal(defaultKind("2026-07-30"), "daily");
  assert.equal(defaultKind(new Date(2026, 2, 3)), "term_start");
});

// As GET /terms sends them: a spring term moved a week later than the built-in dates, and an autumn term.
const SERVER_TERMS = [
  { code: "2026-spring", starts_on: "2026-03-09", ends_on: "2026-07-17", windows: termWindows("2026-03-09", "2026-07-17") },
  { code: "2026-autumn", starts_on: "2026-09-01", ends_on: "2027-01-15", windows: termWindows("2026-09-01", "2027-01-15") },
];

test("the windows are the server's: start −14…+13, mid +49…+83, end −13…+14", () => {
  assert.deepEqual(termWindows("2026-09-01", "2027-01-15"), [
    { kind: "term_start", opens_on: "2026-08-18", closes_on: "2026-09-14" },
    { kind: "term_mid", opens_on: "2026-10-20", closes_on: "2026-11-23" },
    { kind: "term_end", opens_on: "2027-01-02", closes_on: "2027-01-29" },
  ]);
});

test("once synced, the kind follows the server's term calendar, not the built-in dates", () => {
  assert.equal(defaultKind("2026-02-20", SERVER_TERMS), "daily"); // built in: term_start
  assert.equal(defaultKind("2026-02-23", SERVER_TERMS), "term_start"); // 14 days before 9 March
  assert.equal(defaultKind("2026-03-22", SERVER_TERMS), "term_start");
  assert.equal(defaultKind("2026-03-23", SERVER_TERMS), "daily");
  assert.equal(defaultKind("2026-04-27", SERVER_TERMS), "term_mid"); // day 49
  assert.equal(defaultKind("2026-07-31", SERVER_TERMS), "term_end"); // 14 days after the last day
  assert.equal(defaultKind("2026-08-01", SERVER_TERMS), "daily");
  assert.equal(defaultKind(new Date(2026, 10, 23), SERVER_TERMS), "term_mid");
  assert.equal(defaultKind("2026-02-20", []), "term_start"); // never synced: the built-in dates
});

test("the current term: the one under way, between terms the one that ended last", () => {
  assert.equal(currentTerm("2026-08-20", SERVER_TERMS).code, "2026-spring");
  assert.equal(currentTerm("2026-09-01", SERVER_TERMS).code, "2026-autumn");
  assert.equal(currentTerm("2026-01-01", SERVER_TERMS), null); // before the calendar
  assert.equal(currentTerm("2026-01-01").code, "2025-autumn"); // built in
});

test("a term form becomes the PUT request: code from the first day's year and the season", () => {
  const form = { season: "spring", name: " 春季学期 ", starts_on: "2027-03-01", ends_on: "2027-07-09" };
  assert.deepEqual(termRequest(form), { code: "2027-spring", body: { school_year: "2026-2027", season: "spring", name: "春季学期",
                                                                     starts_on: "2027-03-01", ends_on: "2027-07-09" } });
  assert.equal(termRequest({ ...form, season: "autumn", starts_on: "2027-09-01" }).body.school_year, "2027-2028");
  assert.equal(termRequest(form, "2026-spring").code, "2026-spring"); // an edit keeps its code
});

test("default deadlines follow the server: general 7 days (daily 3, supervision 15), major 30", () => {
  const from = new Date(2026, 0, 30);
  assert.equal(defaultDueOn("general", "term_start", from), "2026-02-06");
  assert.equal(defaultDueOn("general", "daily", from), "2026-02-02");
  assert.equal(defaultDueOn("general", "supervision_general", from), "2026-02-14");
  assert.equal(defaultDueOn("major", "daily", from), "2026-03-01");
});

function exifJpeg() {
  // A minimal JPEG: SOI, APP1 with a little-endian TIFF: IFD0 → ExifIFD (DateTimeOriginal) and GPS IFD.
  const tiff = new DataView(new ArrayBuffer(200));
  let o = 0;
  const u16 = (v) => { tiff.setUint16(o, v, true); o += 2; };
  const u32 = (v) => { tiff.setUint32(o, v, true); o += 4; };
  u16(0x4949); u16(42); u32(8);
  // IFD0 at 8: 2 entries
  u16(2); u16(0x8769); u16(4); u32(1); u32(38); u16(0x8825); u16(4); u32(1); u32(56); u32(0);
  // Exif IFD at 38: DateTimeOriginal, ASCII 20 at 120
  o = 38; u16(1); u16(0x9003); u16(2); u32(20); u32(120); u32(0);
  // GPS IFD at 56: N, lat at 140, E, lon at 164
  o = 56; u16(4);
  u16(1); u16(2); u32(2); tiff.setUint8(o, 78); o += 4;
  u16(2); u16(5); u32(3); u32(140);
  u16(3); u16(2); u32(2); tiff.setUint8(o, 69); o += 4;
  u16(4); u16(5); u32(3); u32(164);
  u32(0);
  [..."2026:11:20 09:15:30\0"].forEach((c, i) => tiff.setUint8(120 + i, c.charCodeAt(0)));
  o = 140; for (const [n, d] of [[46, 1], [39, 1], [180, 10]]) { u32(n); u32(d); }
  o = 164; for (const [n, d] of [[131, 1], [9, 1], [360, 10]]) { u32(n); u32(d); }
  const app1 = new Uint8Array(10 + 200);
  app1.set([0xff, 0xe1, 0, 208, 0x45, 0x78, 0x69, 0x66, 0, 0]);
  app1.set(new Uint8Array(tiff.buffer), 10);
  const jpeg = new Uint8Array(2 + app1.length + 2);
  jpeg.set([0xff, 0xd8]); jpeg.set(app1, 2); jpeg.set([0xff, 0xd9], 2 + app1.length);
  return jpeg.buffer;
}

test("capture time and GPS are read from the camera file's EXIF", () => {
  const exif = parseExif(exifJpeg());
  assert.equal(exif.takenAt, "2026-11-20T09:15:30");
  assert.ok(Math.abs(exif.lat - (46 + 39 / 60 + 18 / 3600)) < 1e-9);
  assert.ok(Math.abs(exif.lon - (131 + 9 / 60 + 36 / 3600)) < 1e-9);
  assert.deepEqual(parseExif(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer), {});
  assert.deepEqual(parseExif(new Uint8Array([1, 2, 3]).buffer), {});
  assert.equal(withDeviceOffset("2026-11-20T09:15:30", 480), "2026-11-20T09:15:30+08:00");
  assert.equal(withDeviceOffset("2026-11-20T09:15:30", -330), "2026-11-20T09:15:30-05:30");
});

test("photos are named by the SHA-256 of their bytes", async () => {
  assert.equal(await sha256Hex(new TextEncoder().encode("abc")),
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});
