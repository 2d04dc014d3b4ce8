// The coverage matrix's pure logic (no DOM; `node --test`): how each cell reads, which schools a filter
// keeps, the counties the rows fall in, the hash route.
export const TERM_KINDS = ["term_start", "term_mid", "term_end"];
// What the table shows: every school, those with something outstanding, those whose three term
// inspections are all in, those missing one kind, those without supervision in the half-year.
export const SHOWS = ["all", "incomplete", "complete", ...TERM_KINDS.map((k) => `missing-${k}`), "unsupervised"];

// The icon beside each state's word, so that colour is never the only signal.
const ICONS = { done: "✓", late: "!", missing: "✗", due: "◷", upcoming: "–" };

/** A term inspection cell as the API sends it: tone (the CSS class), icon, label key, the day it was done. */
export function termCell(cell) {
  return { tone: cell.status, icon: ICONS[cell.status], label: `cov.status.${cell.status}`, day: cell.done_on ?? null };
}

/** Daily checks of the last 30 days: none is a gap, any is fine (the count says how many). */
export function dailyCell(daily) {
  const tone = daily.count ? "done" : "missing";
  return { tone, icon: ICONS[tone], label: daily.count ? "cov.dailyN" : "cov.dailyNone", day: null };
}

/** Supervision in the term's half-year (第十六条): done with its last day; none yet while the half-year
 *  runs is due, none once it is over is missing. */
export function supervisionCell(supervision, today, halfYearEnd) {
  const tone = supervision.count ? "done" : today <= halfYearEnd ? "due" : "missing";
  return { tone, icon: ICONS[tone], label: `cov.supervision.${tone}`, day: supervision.last_on ?? null };
}

/** Something outstanding today: a term inspection missing or due, no daily check in 30 days, no supervision yet. */
export function hasGap(row) {
  return TERM_KINDS.some((k) => ["missing", "due"].includes(row[k].status)) || !row.daily.count || row.supervision.missing;
}

export function matches(row, show) {
  if (show === "incomplete") return hasGap(row);
  if (show === "complete") return row.complete;
  if (show === "unsupervised") return row.supervision.missing;
  if (show.startsWith("missing-")) return row[show.slice(8)]?.status === "missing";
  return true;
}

/** Rows in groups by county, in the order the API gives them (tree order). */
export function byCounty(rows) {
  const groups = new Map();
  for (const row of rows) {
    if (!groups.has(row.county_name)) groups.set(row.county_name, []);
    groups.get(row.county_name).push(row);
  }
  return [...groups].map(([county, list]) => ({ county, rows: list }));
}

/** The screen's state from its hash query: the unit viewed, the term (none: the current one), the filter. */
export function readCoverageState(query) {
  const q = new URLSearchParams(query ?? "");
  return { unit: q.get("unit") || null, term: q.get("term") || null, show: SHOWS.includes(q.get("show")) ? q.get("show") : "all" };
}

export function coverageHref({ unit, term, show }) {
  const q = new URLSearchParams();
  if (unit) q.set("unit", unit);
  if (term) q.set("term", term);
  if (show && show !== "all") q.set("show", show);
  const s = q.toString();
  return s ? `#/coverage?${s}` : "#/coverage";
}

/** The API query of a state (the server's own defaults are the caller's unit and the current term). */
export function coverageQuery({ unit, term }) {
  const q = new URLSearchParams();
  if (unit) q.set("org_unit_id", unit);
  if (term) q.set("term", term);
  return q.toString();
}

/** "2026-09-05" → "09-05": the matrix is read within one term, so the month and day say enough. */
export const shortDay = (day) => (day ? day.slice(5) : "");
