// Annual safety reports (第十四条): a unit writes its narrative over figures generated from the
// data and submits it to the parent unit, which accepts it or returns it with comments. These
// screens need the network: a report is written against the server's current figures.
import { api, apiBlob } from "./api.js";
import { errorText, t } from "./i18n.js";
import { confirmDialog, field, h, pill, toast } from "./ui.js";

const thisYear = () => new Date().getFullYear();
const percent = (rate) => (rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`);
const day = (iso) => (iso ? iso.slice(0, 10) : "");

function statusPill(status) {
  return pill(t(`report.statuses.${status ?? "none"}`), `report-${status ?? "none"}`);
}

function failure(error) {
  return h("p", { class: "notice warn", role: "alert", text: `${t("report.needsNetwork")} ${errorText(error)}` });
}

export async function reportsView(ctx, year = String(thisYear())) {
  let overview;
  try {
    overview = await api(`/annual-reports?year=${year}`);
  } catch (error) {
    return h("div", {}, h("h2", { text: t("report.title") }), failure(error));
  }
  const years = Array.from({ length: 5 }, (_, i) => String(thisYear() - i));
  const picker = h("select", { id: "report-year", onchange: (e) => { location.hash = `#/reports/${e.target.value}`; } },
    years.map((y) => h("option", { value: y, selected: y === year }, t("report.yearN", { n: y }))));
  const units = overview.units;
  const submitted = units.filter((u) => u.status === "submitted" || u.status === "accepted").length;
  return h("div", { class: "reports" },
    h("h2", { text: t("report.title") }),
    field(t("report.year"), picker),
    h("a", { class: "button primary block", id: "own-report", href: `#/report/${ctx.user.org_unit_id}/${year}` },
      t("report.openOwn")),
    units.length ? h("section", { class: "group", "aria-labelledby": "units-h" },
      h("h3", { id: "units-h", text: t("report.unitsReporting", { done: submitted, n: units.length }) }),
      h("ul", { class: "cards", id: "units-reporting" }, units.map((u) => h("li", { class: "card" },
        h("a", { class: "card-link", href: `#/report/${u.org_unit_id}/${year}` },
          h("span", { class: "meta" }, statusPill(u.status), u.on_time === false ? pill(t("report.late"), "overdue") : null),
          h("strong", { text: u.name }),
          h("span", { class: "muted", text: u.submitted_at ? t("report.submittedOn", { date: day(u.submitted_at) }) : "" }))))))
      : null);
}

function figures(content) {
  const totals = content.totals;
  const stat = (value, label, late) => h("li", { class: late ? "late" : "" }, h("strong", { text: value }), label);
  const done = new Map(content.inspections.map((i) => [i.kind, i.done]));
  return h("section", { class: "hero" },
    h("ul", { class: "stats" },
      stat(totals.found, t("report.found")), stat(content.found_major, t("report.foundMajor")),
      stat(totals.closed, t("report.closed")), stat(percent(totals.closure_rate), t("report.closureRate")),
      stat(percent(totals.on_time_closure_rate), t("report.onTimeRate")), stat(totals.overdue, t("report.overdue"), totals.overdue > 0),
      stat(totals.recurrences, t("report.recurrences"), totals.recurrences > 0),
      stat(totals.median_days_to_close ?? "—", t("report.medianDays")),
      stat([...done.values()].reduce((a, b) => a + b, 0), t("report.inspections"))),
    [["termInspections", content.term_inspections], ["supervisions", content.supervisions]].map(([key, r]) =>
      h("p", { class: r.missing ? "late" : "muted", dataset: { requirement: key } }, t(`report.${key}`, r))),
    content.inspections.length ? h("p", { class: "muted", text: content.inspections
      .map((i) => `${t(`inspectionKinds.${i.kind}`)} ${i.done}`).join(" · ") }) : null);
}

function majorList(content) {
  if (!content.major_hazards.length) return null;
  return h("section", { class: "group", "aria-labelledby": "majors-h" },
    h("h3", { id: "majors-h", text: t("report.majors", { n: content.found_major }) }),
    h("ul", { class: "cards" }, content.major_hazards.map((m) => h("li", { class: "card" },
      h("a", { class: "card-link", href: `#/hazard/${m.hazard_id}` },
        h("span", { class: "meta" }, pill(t(`statuses.${m.status}`), m.status),
          m.closed_on_time === false ? pill(t("report.closedLate"), "overdue") : null),
        h("strong", { text: m.description }),
        h("span", { class: "muted", text: `${m.school_name} · ${m.found_on} → ${m.closed_on ?? t("report.stillOpen")}` }))))));
}

async function act(ctx, work, done) {
  try {
    await work();
    toast(done);
    await ctx.rerender();
  } catch (error) {
    toast(errorText(error));
  }
}

function authoring(ctx, report, path) {
  const text = h("textarea", { id: "narrative", rows: 10, maxlength: 20000, placeholder: t("report.narrativeHint") });
  text.value = report.narrative;
  const save = () => api(path, { method: "PUT", body: { narrative: text.value, base_version: report.version } });
  const submit = async () => {
    if (!(await confirmDialog(t("report.submitConfirm"), t("report.submit")))) return;
    await act(ctx, async () => {
      const saved = text.value === report.narrative ? report : await save();
      await api(`${path}/submission`, { method: "POST", body: { base_version: saved.version } });
    }, t("report.submitted"));
  };
  return h("section", { class: "group" },
    field(t("report.narrative"), text),
    h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", id: "save-report", onclick: () => act(ctx, save, t("report.saved")) },
        t("report.save")),
      report.may_submit ? h("button", { type: "button", class: "primary", id: "submit-report", onclick: submit },
        t("report.submit")) : null));
}

function reviewing(ctx, report, path) {
  const comment = h("textarea", { id: "review-comment", rows: 3, maxlength: 4000 });
  const decide = (decision) => act(ctx, () => {
    if (decision === "return" && !comment.value.trim()) throw new Error(t("report.commentRequired"));
    return api(`${path}/review`, { method: "POST",
      body: { decision, base_version: report.version, comment: comment.value.trim() || null } });
  }, t(decision === "accept" ? "report.accepted" : "report.returned"));
  return h("section", { class: "group", "aria-labelledby": "review-h" },
    h("h3", { id: "review-h", text: t("report.review") }),
    field(t("report.comment"), comment),
    h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", id: "return-report", onclick: () => decide("return") }, t("report.return")),
      h("button", { type: "button", class: "primary", id: "accept-report", onclick: () => decide("accept") }, t("report.accept"))));
}

/** Opens `${path}/print` (fetched with the token) as a page in a new tab, to print or save. */
export async function openPrintable(path) {
  const tab = window.open("", "_blank"); // opened inside the click, so no popup blocker steps in
  try {
    const page = await apiBlob(`${path}/print`);
    const url = URL.createObjectURL(page);
    if (tab) tab.location = url; else location.href = url;
  } catch (error) {
    tab?.close();
    toast(errorText(error));
  }
}

export async function reportView(ctx, unitId, year) {
  const path = `/annual-reports/${unitId}/${year}`;
  let report;
  try {
    report = await api(path);
  } catch (error) {
    return h("div", {}, h("a", { href: `#/reports/${year}`, class: "back" }, t("back")), failure(error));
  }
  const content = report.content;
  return h("div", { class: "report" },
    h("a", { href: `#/reports/${year}`, class: "back" }, t("back")),
    h("h2", { text: t("report.heading", { year, unit: content.org_unit_name }) }),
    h("p", { class: "meta" }, statusPill(report.status), report.on_time === false ? pill(t("report.late"), "overdue") : null,
      h("span", { class: "muted", text: report.frozen ? t("report.frozen", { date: day(report.submitted_at) }) : t("report.live") })),
    figures(content),
    majorList(content),
    report.may_edit ? authoring(ctx, report, path)
      : h("section", { class: "group" }, h("h3", { text: t("report.narrative") }),
        h("p", { class: "narrative", text: report.narrative || t("report.noNarrative") })),
    report.may_review ? reviewing(ctx, report, path) : null,
    report.steps.length ? h("section", { class: "group", "aria-labelledby": "steps-h" },
      h("h3", { id: "steps-h", text: t("timeline") }),
      h("ol", { class: "timeline", id: "report-steps" }, report.steps.map((s) => h("li", {},
        h("strong", { text: t(`report.steps.${s.action}`) }), ` ${s.actor_name} · ${day(s.at)}`,
        s.comment ? h("p", { text: s.comment }) : null)))) : null,
    h("button", { type: "button", class: "secondary block", id: "print-report", onclick: () => openPrintable(path) },
      t("report.print")));
}
