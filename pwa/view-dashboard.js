// The bureau dashboard: where hazards are open or overdue in the viewer's scope, drilled down from the
// city to a county to a school; every figure links to the hazards it counts. The last dashboards seen
// are kept in IndexedDB and shown, with their time, when offline.
import { api } from "./api.js";
import { barChart, dataTable, weeklyChart } from "./charts.js";
import { coverageHref } from "./coverage.js";
import { cachedTerms, fetchKept } from "./data.js";
import { PERIODS, addDays, dashboardHref, dashboardQuery, hazardsHref, shanghaiDay, percent, readState } from "./dashboard.js";
import { errorText, t } from "./i18n.js";
import { hazardMap } from "./map.js";
import { openOrders } from "./notices.js";
import { unitsTable } from "./view-dash-units.js";
import { ordersBlock } from "./view-orders.js";
import { formatTime, h, pill } from "./ui.js";

const KEEP = 12; // dashboards kept for offline use

function load(ctx, state) {
  const key = dashboardQuery(state);
  return fetchKept(ctx.online, "dashboards", key, async () => {
    const unit = state.unit ? `?org_unit_id=${state.unit}` : "";
    const [figures, map] = await Promise.all([api(`/dashboard?${key}`), api(`/dashboard/map${unit}`)]);
    return { figures, map };
  }, KEEP);
}

/** Card widths in CSS pixels, so that chart text is drawn at its real size. */
function widths() {
  const vw = Math.min(window.innerWidth, 1200) - 20; // room for a scrollbar
  const wide = window.innerWidth >= 900;
  const full = vw - (wide ? 32 : 24) - 26;
  return { full, half: wide ? Math.floor((full - 42) / 2) : full };
}

const card = (id, title, ...body) => h("section", { class: `card dash-card ${id}`, id, "aria-labelledby": `${id}-h` },
  h("h3", { id: `${id}-h`, text: title }), ...body);

function header(ctx, state, d, entry) {
  const trail = d.trail.length < 2 ? null : h("nav", { class: "trail", "aria-label": t("dash.trail") }, h("ol", {}, d.trail.map((u, i) =>
    h("li", {}, i === d.trail.length - 1 ? h("span", { "aria-current": "page", text: u.name })
      : h("a", { href: dashboardHref({ ...state, unit: u.id }), text: u.name })))));
  const period = h("select", { id: "period", "aria-label": t("dash.period") },
    PERIODS.map((p) => h("option", { value: p, selected: p === state.period }, t(`dash.periods.${p}`))));
  const from = h("input", { type: "date", id: "period-from", value: state.from, "aria-label": t("dash.from") });
  const to = h("input", { type: "date", id: "period-to", value: state.to, max: shanghaiDay(), "aria-label": t("dash.to") });
  const custom = h("form", { class: "custom-period", hidden: state.period !== "custom" }, from, h("span", { text: "–" }), to,
    h("button", { type: "submit", class: "secondary" }, t("dash.apply")));
  period.addEventListener("change", () => {
    if (period.value === "custom") { custom.hidden = false; from.focus(); return; }
    location.hash = dashboardHref({ ...state, period: period.value });
  });
  custom.addEventListener("submit", (event) => {
    event.preventDefault();
    if (from.value && to.value && from.value <= to.value) location.hash = dashboardHref({ ...state, period: "custom", from: from.value, to: to.value });
  });
  return h("header", { class: "dash-head" },
    h("div", { class: "dash-title" }, h("h2", { text: d.org_unit_name }),
      h("p", { class: "muted small", text: t("dash.periodShown", { from: d.period_from, to: d.period_to }) })),
    trail,
    h("div", { class: "dash-controls" }, period, custom,
      h("a", { class: "button secondary", id: "coverage-link", href: coverageHref({ unit: d.org_unit_id }) }, t("cov.title")),
      h("button", { type: "button", class: "secondary print-btn", onclick: () => window.print() }, t("dash.print"))),
    entry.stale ? h("p", { class: "notice warn", role: "status", id: "dash-stale", text: t("dash.savedAt", { time: formatTime(entry.at) }) }) : null);
}

function figures(d, base, title) {
  const found = { ...base, found_from: d.period_from, found_to: d.period_to };
  const closed = { ...base, closed_from: d.period_from, closed_to: d.period_to };
  const x = d.totals;
  const tiles = [
    ["open_general", x.open_general, { ...base, grade: "general", closed: false }],
    ["open_major", x.open_major, { ...base, grade: "major", closed: false }, x.open_major ? "alert" : ""],
    ["overdue", x.overdue, { ...base, overdue: true }, x.overdue ? "alert" : ""],
    ["awaiting", x.awaiting_verification, { ...base, status: "submitted" }],
    ["found", x.found, found],
    ["closed", x.closed, closed],
    ["closure_rate", percent(x.closure_rate), found],
    ["on_time", percent(x.on_time_closure_rate), closed],
    ["median_days", x.median_days_to_close ?? "—", closed],
    ["recurrences", x.recurrences, { ...base, recurrence: true, found_from: d.period_from, found_to: d.period_to }, x.recurrences ? "alert" : ""],
  ];
  return h("section", { "aria-label": t("dash.figures") }, h("ul", { class: "kpis", id: "kpis" }, tiles.map(([key, value, filter, tone]) =>
    h("li", {}, h("a", { href: hazardsHref(filter, title(t(`dash.kpi.${key}`))), class: `kpi ${tone ?? ""}`, dataset: { kpi: key } },
      h("span", { class: "kpi-value", text: value }), h("span", { class: "kpi-label", text: t(`dash.kpi.${key}`) }))))));
}

function groupChart(id, d, rows, filterKey, base, title, width) {
  if (!rows.length) return card(id, t(`dash.${id}`), h("p", { class: "empty", text: t("dash.none") }));
  // Hazards without a category or section have no filter value: their numbers are shown unlinked.
  const href = (r) => (r.key ? hazardsHref({ ...base, [filterKey]: r.key, closed: false }, title(r.name)) : null);
  const foundHref = (r) => (r.key ? hazardsHref({ ...base, [filterKey]: r.key, found_from: d.period_from, found_to: d.period_to },
                                                 title(`${r.name} · ${t("dash.kpi.found")}`)) : null);
  return card(id, t(`dash.${id}`),
    barChart({ label: t(`dash.${id}Label`, { list: rows.map((r) => `${r.name} ${r.open}`).join("，") }), width,
               rows: rows.map((r) => ({ label: r.name, value: r.open, note: t("dash.foundN", { n: r.found }), href: href(r) })) }),
    h("details", { class: "chart-data" }, h("summary", { text: t("dash.showData") }),
      dataTable(t(`dash.${id}`), [{ key: "name", label: t("dash.col.name") },
        { key: "open", label: t("dash.col.open"), href },
        { key: "found", label: t("dash.col.found"), href: foundHref }],
      rows)));
}

function weekly(d, base, title, width) {
  const weeks = d.weekly.map((w) => ({ ...w, end: addDays(w.week_start, 6),
    href: hazardsHref({ ...base, found_from: w.week_start, found_to: addDays(w.week_start, 6) }, title(t("dash.weekOf", { day: w.week_start }))) }));
  const series = [{ key: "found", label: t("dash.col.found"), tone: "found" }, { key: "closed", label: t("dash.col.closed"), tone: "closed" }];
  return card("weekly", t("dash.weekly"),
    weeklyChart({ label: t("dash.weeklyLabel", { found: d.totals.found, closed: d.totals.closed }), weeks, series, width,
                  tickLabel: (w) => w.week_start.slice(5).replace("-", "/") }),
    h("details", { class: "chart-data" }, h("summary", { text: t("dash.showData") }),
      dataTable(t("dash.weekly"), [{ key: "week_start", label: t("dash.col.week"), format: (w) => `${w.week_start} – ${w.end}` },
        { key: "found", label: t("dash.col.found"), href: (w) => w.href },
        { key: "closed", label: t("dash.col.closed"), href: (w) => hazardsHref({ ...base, closed_from: w.week_start, closed_to: w.end },
                                                                             title(t("dash.weekOf", { day: w.week_start }))) }],
      weeks)));
}

function majors(d, base, title) {
  const shown = d.open_major.slice(0, 10);
  return card("majors", t("dash.majors", { n: d.open_major.length }),
    shown.length ? h("ul", { class: "major-list" }, shown.map((m) => h("li", {},
      h("a", { href: `#/hazard/${m.id}`, class: "major-link", dataset: { id: m.id } },
        h("span", { class: "age", text: t("dash.ageDays", { n: m.age_days }) }),
        h("span", { class: "major-text" }, h("strong", { text: m.description }), h("span", { class: "muted small", text: m.school_name })),
        h("span", { class: "meta" }, pill(t(`statuses.${m.status}`), m.status), m.overdue ? pill(t("overdueHazards"), "overdue") : null)))))
      : h("p", { class: "empty", text: t("dash.noMajors") }),
    d.open_major.length > shown.length
      ? h("a", { href: hazardsHref({ ...base, grade: "major", closed: false }, title(t("dash.kpi.open_major"))), text: t("dash.allN", { n: d.open_major.length }) }) : null);
}

function mapCard(map, width) {
  const height = Math.round(Math.min(460, Math.max(260, width * 0.75)));
  return card("map", t("dash.map"),
    map.points.length || map.places.length
      ? hazardMap(map, { width, height, label: t("dash.mapLabel", { n: map.points.length }),
                         pointTitle: (p) => `${p.description}（${t(`grades.${p.grade}`)}${p.overdue ? ` · ${t("overdueHazards")}` : ""}）` })
      : h("p", { class: "empty", text: t("dash.none") }),
    h("p", { class: "map-key small" }, h("span", { class: "key major", text: t("grades.major") }), h("span", { class: "key general", text: t("grades.general") }),
      h("span", { class: "key overdue", text: t("overdueHazards") }),
      map.unplaced ? h("span", { class: "muted", text: t("dash.unplaced", { n: map.unplaced }) }) : null));
}

// Which schools did their required inspections (第十五条, 第十六条): the coverage matrix of this unit.
function coverageCard(d) {
  return card("coverage", t("cov.title"), h("p", { class: "muted", text: t("cov.cardHint") }),
    h("a", { class: "button primary", id: "open-coverage", href: coverageHref({ unit: d.org_unit_id }) }, t("cov.open")));
}

export async function dashboardView(ctx, query) {
  const state = readState(query, shanghaiDay(), await cachedTerms());
  let entry;
  try { entry = await load(ctx, state); } catch (error) { return h("p", { class: "notice warn", text: errorText(error) }); }
  if (!entry) return h("p", { class: "empty", text: t("dash.offlineEmpty") });
  const d = entry.figures;
  const base = { org_unit_id: d.org_unit_id };
  const title = (what) => `${d.org_unit_name} · ${what}`;
  const w = widths();
  return h("div", { class: "dashboard", id: "dashboard" },
    header(ctx, state, d, entry),
    figures(d, base, title),
    ordersBlock(await openOrders(ctx.online).catch(() => []), { withHazard: true }),
    h("div", { class: "dash-grid" },
      d.by_unit.length ? unitsTable(d, state) : null,
      mapCard(entry.map, w.half),
      groupChart("byCategory", d, d.by_category, "category", base, title, w.half),
      groupChart("bySection", d, d.by_section, "section", base, title, w.half),
      weekly(d, base, title, w.full),
      majors(d, base, title),
      coverageCard(d),
    ));
}
