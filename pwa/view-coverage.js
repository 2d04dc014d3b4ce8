// The coverage matrix (第十五条, 第十六条): for every school in scope and a term, were the term-start,
// mid-term and term-end inspections done in their windows, how many daily checks in the last 30 days,
// and supervision in the half-year. A summary strip whose figures filter the table; drill-down from the
// city to a county; principals see their own school's row (the server scopes it). The last matrices
// seen are kept for offline use and shown with their time.
import { api } from "./api.js";
import { TERM_KINDS, byCounty, coverageHref, coverageQuery, dailyCell, hasGap, matches, readCoverageState, shortDay,
         supervisionCell, termCell } from "./coverage.js";
import { cachedTerms, fetchKept, isStaff, ownUnit } from "./data.js";
import { kvSet } from "./db.js";
import { errorText, t } from "./i18n.js";
import { formatTime, h } from "./ui.js";

const KEEP = 8; // matrices kept for offline use

function load(ctx, state) {
  return fetchKept(ctx.online, "coverages", coverageQuery(state), async () => {
    // Counties to drill down into (school staff see one school: nothing to drill).
    const [coverage, calendar, counties] = await Promise.all([api(`/coverage?${coverageQuery(state)}`), api("/terms"),
      isStaff(ctx.user) ? [] : api("/org-units?kind=county_bureau")]);
    await kvSet("terms", calendar.terms);
    return { coverage, counties: counties.map(({ id, name }) => ({ id, name })) };
  }, KEEP);
}

function header(state, c, entry, terms, own) {
  const href = (change) => coverageHref({ ...state, ...change });
  const trail = own && c.org_unit_id !== own.id ? h("nav", { class: "trail", "aria-label": t("dash.trail") }, h("ol", {},
    h("li", {}, h("a", { href: href({ unit: null, show: "all" }), text: own.name })),
    h("li", {}, h("span", { "aria-current": "page", text: c.org_unit_name })))) : null;
  const listed = terms.some((term) => term.code === c.term.code) ? terms : [c.term, ...terms];
  const picker = h("select", { id: "term", "aria-label": t("cov.term"), onchange: (e) => { location.hash = href({ term: e.target.value }); } },
    [...listed].reverse().map((term) => h("option", { value: term.code, selected: term.code === c.term.code },
      term.current ? `${term.name} · ${t("cov.current")}` : term.name)));
  const incomplete = h("input", { type: "checkbox", id: "only-incomplete", checked: state.show === "incomplete",
    onchange: (e) => { location.hash = href({ show: e.target.checked ? "incomplete" : "all" }); } });
  return h("header", { class: "dash-head" },
    h("div", { class: "dash-title" }, h("h2", { text: `${c.org_unit_name} · ${t("cov.title")}` }),
      h("p", { class: "muted small", text: t("cov.subtitle", { term: c.term.name, from: c.term.starts_on, to: c.term.ends_on }) })),
    trail,
    h("div", { class: "dash-controls" }, picker,
      h("label", { class: "toggle" }, incomplete, h("span", { text: t("cov.onlyIncomplete") })),
      h("a", { class: "button secondary", id: "terms-link", href: "#/terms" }, t("terms.title")),
      h("button", { type: "button", class: "secondary print-btn", onclick: () => window.print() }, t("dash.print"))),
    entry.stale ? h("p", { class: "notice warn", role: "status", id: "cov-stale", text: t("dash.savedAt", { time: formatTime(entry.at) }) }) : null);
}

/** The summary strip: each figure shows the schools it counts. */
function summary(state, c) {
  const s = c.summary;
  const tiles = [["all", s.schools], ["complete", s.complete],
    ...TERM_KINDS.map((k) => [`missing-${k}`, s.missing[k]]), ["unsupervised", s.without_supervision]];
  return h("section", { "aria-label": t("cov.summary") }, h("ul", { class: "kpis cov-kpis", id: "cov-kpis" }, tiles.map(([show, n]) =>
    h("li", {}, h("a", { href: coverageHref({ ...state, show }), dataset: { show },
                         class: `kpi ${show !== "all" && show !== "complete" && n ? "alert" : ""}`,
                         "aria-current": state.show === show ? "true" : null },
      h("span", { class: "kpi-value", text: n }), h("span", { class: "kpi-label", text: t(`cov.show.${show}`) }))))));
}

/** One cell: an icon and words, never colour alone (a done cell shows its day; its word is for screen readers). */
function cell(view, n = "") {
  return h("td", { class: `cell ${view.tone}`, dataset: { status: view.tone } },
    h("span", { class: "cell-mark" }, h("span", { class: "cell-icon", "aria-hidden": "true", text: view.icon }),
      h("span", { class: view.tone === "done" && view.day ? "visually-hidden" : null, text: t(view.label, { n }) }),
      view.day ? h("span", { class: "cell-day", text: shortDay(view.day) }) : null));
}

function schoolRow(row, c) {
  return h("tr", { dataset: { school: row.school_id }, class: hasGap(row) ? "gap" : null },
    h("th", { scope: "row" }, h("span", { class: "school-name", text: row.name }),
      row.school_type ? h("small", { class: "muted", text: t(`schoolTypes.${row.school_type}`) }) : null),
    TERM_KINDS.map((k) => cell(termCell(row[k]))),
    cell(dailyCell(row.daily), row.daily.count),
    cell(supervisionCell(row.supervision, c.today, c.supervision_to)));
}

function matrix(state, c, counties) {
  const windows = Object.fromEntries(c.term.windows.map((w) => [w.kind, w]));
  const columns = [...TERM_KINDS.map((k) => t(`cov.col.${k}`)), t("cov.col.daily"), t("cov.col.supervision")];
  const notes = [...TERM_KINDS.map((k) => `${shortDay(windows[k].opens_on)}–${shortDay(windows[k].closes_on)}`),
    `${shortDay(c.daily_from)}–${shortDay(c.daily_to)}`, `${shortDay(c.supervision_from)}–${shortDay(c.supervision_to)}`];
  const shown = c.schools.filter((row) => matches(row, state.show));
  const groups = byCounty(shown);
  const drill = new Map(counties.map((u) => [u.name, u.id]));
  const grouped = groups.length > 1 || (groups[0] && groups[0].county !== c.org_unit_name && drill.has(groups[0].county));
  const bodies = groups.map(({ county, rows }) => h("tbody", { dataset: { county } },
    grouped ? h("tr", { class: "county" }, h("th", { scope: "rowgroup", colspan: 6 }, h("span", { class: "county-head" },
      drill.has(county) && county !== c.org_unit_name
        ? h("a", { href: coverageHref({ ...state, unit: drill.get(county) }), class: "drill", text: county }) : h("span", { text: county }),
      h("span", { class: "muted small", text: t("cov.groupCount", { n: rows.length, gaps: rows.filter(hasGap).length }) })))) : null,
    rows.map((row) => schoolRow(row, c))));
  return h("section", { class: "card dash-card matrix-card", id: "coverage", "aria-labelledby": "matrix-h" },
    h("div", { class: "section-head" }, h("h3", { id: "matrix-h", text: t("cov.matrix") }),
      h("span", { class: "muted small", id: "cov-count", text: t("cov.shownOf", { n: shown.length, total: c.schools.length }) })),
    h("p", { class: "scroll-hint muted small", "aria-hidden": "true", text: t("cov.scrollHint") }),
    // A scrolling region is focusable so that keyboards can scroll it too.
    h("div", { class: "table-scroll matrix-scroll", tabindex: "0", role: "region", "aria-labelledby": "matrix-h" },
      h("table", { class: "data matrix", id: "matrix" },
        h("caption", { class: "visually-hidden", text: t("cov.caption", { term: c.term.name }) }),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "school-col", text: t("cov.col.school") }),
          columns.map((label, i) => h("th", { scope: "col" }, label, h("small", { class: "window", text: notes[i] }))))),
        bodies.length ? bodies : h("tbody", {}, h("tr", {}, h("td", { colspan: 6, class: "empty", text: t("cov.noneShown") }))))),
    legend());
}

function legend() {
  return h("ul", { class: "cov-legend small", "aria-label": t("cov.legend") }, ["done", "late", "missing", "due", "upcoming"].map((status) =>
    h("li", { class: `cell ${status}` }, h("span", { class: "cell-mark" },
      h("span", { "aria-hidden": "true", text: termCell({ status }).icon }), t(`cov.status.${status}`)),
    h("span", { text: t(`cov.explain.${status}`) }))));
}

export async function coverageView(ctx, query) {
  const state = readCoverageState(query);
  let entry;
  try { entry = await load(ctx, state); } catch (error) { return h("p", { class: "notice warn", role: "alert", text: errorText(error) }); }
  if (!entry) return h("p", { class: "empty", text: t("cov.offlineEmpty") });
  const c = entry.coverage;
  return h("div", { class: "coverage", id: "coverage-screen" },
    header(state, c, entry, await cachedTerms(), await ownUnit(ctx.user, ctx.online).catch(() => null)),
    summary(state, c),
    matrix(state, c, entry.counties));
}
