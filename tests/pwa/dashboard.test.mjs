// Pure logic of the dashboard: periods, links to the hazards behind a figure, sorting, chart scales,
// the map's projection, tiles and label placement. `node --test tests/pwa/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { linear, niceMax, spreadLabels, ticks } from "../../pwa/charts.js";
import { dashboardHref, dashboardQuery, hazardsHref, percent, periodRange, readHazardFilters, readState, shanghaiDay,
         sortRows } from "../../pwa/dashboard.js";
import { fitView, mercator, placeLabels, spreadPoints, tilesFor } from "../../pwa/map.js";

test("periods end today; the term is the one under way, or the one just ended in a vacation", () => {
  assert.deepEqual(periodRange("30", "2026-03-31"), { from: "2026-03-01", to: "2026-03-31" });
  assert.deepEqual(periodRange("90", "2026-11-29"), { from: "2026-08-31", to: "2026-11-29" });
  assert.deepEqual(periodRange("term", "2026-10-10"), { from: "2026-09-01", to: "2026-10-10" });
  assert.deepEqual(periodRange("term", "2026-01-10"), { from: "2025-09-01", to: "2026-01-10" });
  assert.deepEqual(periodRange("term", "2026-08-01"), { from: "2026-03-01", to: "2026-07-10" }); // summer vacation
  assert.deepEqual(periodRange("custom", "2026-08-01", { from: "2026-01-01", to: "2026-02-01" }), { from: "2026-01-01", to: "2026-02-01" });
});

test("this term comes from the cached term calendar when the phone has one", () => {
  const terms = [{ code: "2026-spring", starts_on: "2026-03-09", ends_on: "2026-07-17", windows: [] }];
  assert.deepEqual(periodRange("term", "2026-08-01", {}, terms), { from: "2026-03-09", to: "2026-07-17" });
  assert.deepEqual(periodRange("term", "2026-04-01", {}, terms), { from: "2026-03-09", to: "2026-04-01" });
  assert.deepEqual(periodRange("term", "2026-02-01", {}, terms), { from: "2025-09-01", to: "2026-01-15" }); // before it: built in
  assert.deepEqual(readState("period=term", "2026-05-01", terms), { unit: null, period: "term", from: "2026-03-09", to: "2026-05-01" });
});

test("today is Shanghai's day, whatever the device's zone", () => {
  assert.equal(shanghaiDay(new Date("2026-11-28T18:30:00Z")), "2026-11-29");
  assert.equal(shanghaiDay(new Date("2026-11-28T15:59:00Z")), "2026-11-28");
});

test("the dashboard's hash holds the unit and the period, and maps to the API query", () => {
  const state = readState("unit=u1&period=custom&from=2026-01-01&to=2026-01-31", "2026-05-01");
  assert.deepEqual(state, { unit: "u1", period: "custom", from: "2026-01-01", to: "2026-01-31" });
  assert.equal(dashboardHref(state), "#/dashboard?unit=u1&period=custom&from=2026-01-01&to=2026-01-31");
  assert.equal(dashboardHref({ unit: null, period: "90" }), "#/dashboard");
  assert.equal(dashboardQuery(state), "from=2026-01-01&to=2026-01-31&org_unit_id=u1");
  assert.equal(readState("period=bogus", "2026-05-01").period, "90");
});

test("a figure's link carries only the ledger's filters, plus a title for the list", () => {
  const href = hazardsHref({ org_unit_id: "u1", overdue: true, closed: false, grade: undefined }, "尖山区 · 逾期");
  assert.equal(href, `#/hazards?org_unit_id=u1&overdue=true&closed=false&title=${encodeURIComponent("尖山区 · 逾期").replace(/%20/g, "+")}`);
  const parsed = readHazardFilters(href.split("?")[1] + "&evil=1");
  assert.equal(parsed.api, "org_unit_id=u1&overdue=true&closed=false");
  assert.equal(parsed.title, "尖山区 · 逾期");
  assert.deepEqual(readHazardFilters(undefined), { api: "", title: "" });
});

test("units sort by any column, ties by name; rates show as whole percentages", () => {
  const rows = [{ name: "乙", open: 2 }, { name: "甲", open: 5 }, { name: "丙", open: 2 }];
  assert.deepEqual(sortRows(rows, "open", "desc").map((r) => r.name), ["甲", "丙", "乙"]); // 丙 bǐng before 乙 yǐ
  assert.deepEqual(sortRows(rows, "open", "asc").map((r) => r.open), [2, 2, 5]);
  assert.deepEqual(sortRows(rows, "name", "asc").map((r) => r.name), ["丙", "甲", "乙"]);
  assert.equal(rows[0].name, "乙"); // not sorted in place
  assert.equal(percent(0.0909), "9%");
  assert.equal(percent(null), "—");
});

test("chart scales: nice maxima, whole ticks, linear maps, labels pulled apart", () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(3), 5);
  assert.equal(niceMax(11), 20);
  assert.equal(niceMax(240), 250);
  assert.deepEqual(ticks(5), [0, 2, 4]);
  assert.deepEqual(ticks(2), [0, 1, 2]);
  assert.equal(linear(0, 10, 100, 0)(5), 50);
  assert.deepEqual(spreadLabels([50, 52, 10], 16), [50, 66, 10]);
});

test("the map fits its places, matches the tiles' projection, and keeps every point apart", () => {
  const places = [{ lat: 46.65, lon: 131.16 }, { lat: 46.32, lon: 132.2 }];
  const view = fitView(places, 400, 300, 20);
  const [a, b] = places.map((p) => view.project(p.lon, p.lat));
  for (const [x, y] of [a, b]) { assert.ok(x >= 19.99 && x <= 380.01); assert.ok(y >= 19.99 && y <= 280.01); }
  assert.ok(a[0] < b[0] && a[1] < b[1]); // west and north of the other
  assert.deepEqual(mercator(0, 0), [0.5, 0.5]);
  const one = fitView([{ lat: 46.65, lon: 131.16 }], 400, 300);
  assert.deepEqual(one.project(131.16, 46.65).map(Math.round), [200, 150]);
  const tiles = tilesFor(view, 400, 300);
  assert.ok(tiles.length > 0 && tiles.length <= 12);
  assert.ok(tiles.every((t) => t.size >= 181 && t.size <= 363 && Number.isInteger(t.x) && Number.isInteger(t.y)));
  const spread = spreadPoints([[10, 10], [10, 10], [11, 10], [200, 200]]);
  assert.deepEqual(spread[0], [10, 10]);
  assert.deepEqual(spread[3], [200, 200]);
  assert.equal(new Set(spread.map(String)).size, 4);
});

test("map labels go right, else left, else are left out; the weightiest first", () => {
  const placed = placeLabels([{ x: 10, y: 50, text: "甲区", weight: 1 }, { x: 12, y: 52, text: "乙区", weight: 5 },
                              { x: 390, y: 50, text: "丙区", weight: 1 }], 400);
  assert.deepEqual(placed[1], { x: 20, anchor: "start" });
  assert.equal(placed[0], null); // collides with 乙区 both ways (and no room on the left)
  assert.deepEqual(placed[2], { x: 382, anchor: "end" });
});
