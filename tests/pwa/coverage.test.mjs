// Pure logic of the coverage matrix: how cells read, which schools a filter keeps, counties, the hash route.
// `node --test tests/pwa/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { SHOWS, byCounty, coverageHref, coverageQuery, dailyCell, hasGap, matches, readCoverageState, shortDay,
         supervisionCell, termCell } from "../../pwa/coverage.js";

const cell = (status, done_on = null) => ({ status, inspection_id: done_on ? "i1" : null, done_on });
const row = (name, county, start, mid, end, { daily = 3, supervised = 1, complete = false } = {}) => ({
  school_id: name, name, county_name: county, term_start: start, term_mid: mid, term_end: end, complete,
  daily: { count: daily, days: daily }, supervision: { count: supervised, last_on: supervised ? "2026-10-12" : null, missing: !supervised },
});

test("each term cell has its tone, an icon and a word, and a done or late one its day", () => {
  assert.deepEqual(termCell(cell("done", "2026-09-05")), { tone: "done", icon: "✓", label: "cov.status.done", day: "2026-09-05" });
  assert.deepEqual(termCell(cell("late", "2026-11-26")), { tone: "late", icon: "!", label: "cov.status.late", day: "2026-11-26" });
  for (const status of ["missing", "due", "upcoming"]) {
    const view = termCell(cell(status));
    assert.equal(view.tone, status);
    assert.ok(view.icon && view.label === `cov.status.${status}` && view.day === null);
  }
  assert.equal(new Set(["done", "late", "missing", "due", "upcoming"].map((s) => termCell(cell(s)).icon)).size, 5);
});

test("daily checks: none in 30 days is a gap; supervision is due while the half-year runs, then missing", () => {
  assert.equal(dailyCell({ count: 0, days: 0 }).tone, "missing");
  assert.equal(dailyCell({ count: 4, days: 3 }).label, "cov.dailyN");
  const none = { count: 0, last_on: null, missing: true };
  assert.equal(supervisionCell(none, "2026-11-29", "2026-12-31").tone, "due");
  assert.equal(supervisionCell(none, "2027-01-02", "2026-12-31").tone, "missing");
  assert.deepEqual(supervisionCell({ count: 2, last_on: "2026-10-12", missing: false }, "2026-11-29", "2026-12-31"),
                   { tone: "done", icon: "✓", label: "cov.supervision.done", day: "2026-10-12" });
});

test("filters: gaps are missing or due term inspections, no daily check or no supervision; late counts as done", () => {
  const rows = [
    row("a", "尖山区", cell("done", "2026-09-05"), cell("late", "2026-11-26"), cell("upcoming"), { complete: false }),
    row("b", "尖山区", cell("missing"), cell("due"), cell("upcoming")),
    row("c", "岭东区", cell("done", "2026-09-01"), cell("done", "2026-10-21"), cell("done", "2027-01-05"), { complete: true, supervised: 0 }),
    row("d", "岭东区", cell("done", "2026-09-01"), cell("done", "2026-10-21"), cell("upcoming"), { daily: 0 }),
  ];
  const names = (show) => rows.filter((r) => matches(r, show)).map((r) => r.name);
  assert.deepEqual(rows.map(hasGap), [false, true, true, true]);
  assert.deepEqual(names("all"), ["a", "b", "c", "d"]);
  assert.deepEqual(names("incomplete"), ["b", "c", "d"]);
  assert.deepEqual(names("complete"), ["c"]);
  assert.deepEqual(names("missing-term_start"), ["b"]);
  assert.deepEqual(names("missing-term_mid"), []);
  assert.deepEqual(names("unsupervised"), ["c"]);
  assert.deepEqual(byCounty(rows).map((g) => [g.county, g.rows.length]), [["尖山区", 2], ["岭东区", 2]]);
});

test("the hash holds the unit, the term and the filter; the API gets the unit and the term", () => {
  const state = readCoverageState("unit=u1&term=2026-autumn&show=missing-term_mid");
  assert.deepEqual(state, { unit: "u1", term: "2026-autumn", show: "missing-term_mid" });
  assert.equal(coverageHref(state), "#/coverage?unit=u1&term=2026-autumn&show=missing-term_mid");
  assert.equal(coverageQuery(state), "org_unit_id=u1&term=2026-autumn");
  assert.deepEqual(readCoverageState("show=bogus"), { unit: null, term: null, show: "all" });
  assert.equal(coverageHref({ unit: null, term: null, show: "all" }), "#/coverage");
  assert.equal(coverageQuery(readCoverageState("")), "");
  assert.ok(SHOWS.includes("unsupervised"));
  assert.equal(shortDay("2026-09-05"), "09-05");
});
