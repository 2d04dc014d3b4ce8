// The dashboard's pure logic (no DOM; `node --test`): periods, hash routes, links to the hazards
// behind a figure, table sorting.
import { currentTerm } from "./terms.js";

export const PERIODS = ["30", "90", "365", "term", "custom"];
const DAY = 86400000;

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const ms = (day) => Date.parse(`${day}T00:00:00Z`);
export const addDays = (day, n) => iso(ms(day) + n * DAY);

/** Today as "YYYY-MM-DD" in Shanghai, the calendar the server counts days by, whatever the device's zone. */
export function shanghaiDay(date = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(date);
}

/** {from, to} of a period kind ending today; "term" is the term under way, or the one just ended
 *  during a vacation (from the cached term calendar `terms`, else built-in dates); "custom" takes the
 *  given days as they are. */
export function periodRange(kind, today, custom = {}, terms = []) {
  if (kind === "custom" && custom.from && custom.to) return { from: custom.from, to: custom.to };
  const term = kind === "term" && (currentTerm(today, terms) ?? currentTerm(today));
  if (term) return { from: term.starts_on, to: term.ends_on < today ? term.ends_on : today };
  const days = Number(kind) || 90;
  return { from: addDays(today, -days), to: today };
}

/** The dashboard's state from its hash query: the unit viewed and the period (`terms`: the cached calendar). */
export function readState(query, today, terms = []) {
  const q = new URLSearchParams(query ?? "");
  const period = PERIODS.includes(q.get("period")) ? q.get("period") : "90";
  const range = periodRange(period, today, { from: q.get("from"), to: q.get("to") }, terms);
  return { unit: q.get("unit") || null, period, ...range };
}

export function dashboardHref({ unit, period, from, to }) {
  const q = new URLSearchParams();
  if (unit) q.set("unit", unit);
  if (period && period !== "90") q.set("period", period);
  if (period === "custom") { q.set("from", from); q.set("to", to); }
  const s = q.toString();
  return s ? `#/dashboard?${s}` : "#/dashboard";
}

/** The API query of a dashboard state (the server's own default unit is the caller's). */
export function dashboardQuery({ unit, from, to }) {
  const q = new URLSearchParams({ from, to });
  if (unit) q.set("org_unit_id", unit);
  return q.toString();
}

/** Filters of GET /hazards that a hash route may carry; anything else is display only (`title`). */
export const HAZARD_FILTERS = ["org_unit_id", "school_id", "status", "grade", "overdue", "section", "category", "closed",
  "recurrence", "found_from", "found_to", "closed_from", "closed_to"];

export function hazardsHref(filters, title) {
  const q = new URLSearchParams();
  for (const key of HAZARD_FILTERS) if (filters[key] !== undefined && filters[key] !== null) q.set(key, String(filters[key]));
  if (title) q.set("title", title);
  return `#/hazards?${q}`;
}

/** Split a hazards hash query into the API filters and the title shown above the list. */
export function readHazardFilters(query) {
  const q = new URLSearchParams(query ?? "");
  const api = new URLSearchParams();
  for (const key of HAZARD_FILTERS) if (q.get(key)) api.set(key, q.get(key));
  return { api: api.toString(), title: q.get("title") || "" };
}

/** Rows sorted by a column: names in Chinese collation, numbers by value, ties by name. */
export function sortRows(rows, key, dir = "desc") {
  const sign = dir === "asc" ? 1 : -1;
  const byName = (a, b) => a.name.localeCompare(b.name, "zh");
  return [...rows].sort((a, b) => (key === "name" ? sign * byName(a, b) : sign * (a[key] - b[key]) || byName(a, b)));
}

/** A share (0..1) as a whole percentage, or an em dash when there is nothing to divide. */
export const percent = (rate) => (rate === null || rate === undefined ? "—" : `${Math.round(rate * 100)}%`);
