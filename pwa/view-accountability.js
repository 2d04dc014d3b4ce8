// Accountability and commendation (第十七条 to 第二十四条): the signals the data gives against the
// units below, the cases opened on them, commendations, and who may still be rated advanced this
// year (第二十一条). Confidential and decided against the server's current data: online only.
import { api, saveFile } from "./api.js";
import { errorText, t } from "./i18n.js";
import { field, h, pill, toast } from "./ui.js";

const BUREAU = new Set(["admin", "inspector", "bureau_viewer"]);
const STAFF = new Set(["admin", "inspector"]); // a bureau's committee office: opens cases, proposes
export const mayAct = (user) => STAFF.has(user.role);
const thisYear = () => new Date().getFullYear();

export function failure(error) {
  return h("p", { class: "notice warn", role: "alert", text: `${t("acc.needsNetwork")} ${errorText(error)}` });
}

export function statusPill(status) {
  const kind = { preparing: "pending", decided: "overdue", dropped: "closed", proposed: "pending", approved: "closed", rejected: "info" };
  return pill(t(`acc.statuses.${status}`), kind[status]);
}

/** 第二十一条 beside a unit or leader: ineligible links to the first case that makes it so. */
export function ratingBadge(rating) {
  if (!rating) return null;
  if (rating.eligible) return pill(t("acc.eligible"), "closed");
  return h("a", { href: `#/case/${rating.case_ids[0]}`, class: "pill overdue rating-ineligible" }, t("acc.ineligible"));
}

/** Evidence as the signals name it; hazards and reports open their own screens. */
export function evidenceList(evidence) {
  const target = (e) => (e.kind === "hazard" ? `#/hazard/${e.id}` : e.kind === "annual_report" ? `#/report/${e.id}` : null);
  return h("ul", { class: "evidence" }, evidence.map((e) => h("li", {},
    target(e) ? h("a", { href: target(e) }, e.label || e.id) : h("span", { text: e.label || e.id }))));
}

export async function ratingsOf(year, unitId) {
  const query = unitId ? `&org_unit_id=${unitId}` : "";
  const body = await api(`/accountability/ratings?year=${year}${query}`);
  return { units: new Map(body.units.map((u) => [u.org_unit_id, u])), leaders: new Map(body.leaders.map((l) => [l.leader_id, l])), body };
}

async function download(year) {
  try {
    await saveFile(`/accountability/export.xlsx?year=${year}`, `问责与表彰-${year}.xlsx`);
  } catch (error) {
    toast(errorText(error));
  }
}

function signalCard(ctx, signal, ratings, year) {
  const open = () => {
    sessionStorage.setItem("acc.signal", JSON.stringify({ ...signal, year }));
    location.hash = "#/case/new";
  };
  return h("li", { class: "card signal", dataset: { trigger: signal.trigger } },
    h("p", { class: "meta" }, pill(t(`acc.triggerNames.${signal.trigger}`), "overdue")),
    h("strong", { class: "unit" }, signal.org_unit_name, " ", ratingBadge(ratings.units.get(signal.org_unit_id))),
    h("p", { text: signal.summary }),
    signal.leaders.length ? h("p", { class: "muted" }, `${t("acc.leaders")}：`, signal.leaders.map((l, i) => h("span", {},
      i ? "、" : "", `${l.name}（${l.position}）`, " ", ratingBadge(ratings.leaders.get(l.id))))) : null,
    h("details", {}, h("summary", { text: `${t("acc.evidence")}（${signal.evidence.length}）` }), evidenceList(signal.evidence)),
    mayAct(ctx.user) ? h("button", { type: "button", class: "secondary open-case", onclick: open }, t("acc.openCase")) : null);
}

async function signalsTab(ctx, year) {
  const [body, ratings] = await Promise.all([api(`/accountability/signals?year=${year}`), ratingsOf(year)]);
  if (!body.signals.length) return h("p", { class: "muted", text: t("acc.noSignals") });
  return h("ul", { class: "cards", id: "signals" }, body.signals.map((s) => signalCard(ctx, s, ratings, year)));
}

function subjectText(record) {
  return record.subject_leader ? `${record.subject_leader.name}（${record.subject_leader.position}）· ${record.subject_unit_name}`
    : record.subject_unit_name;
}

async function casesTab(ctx, year) {
  const [body, ratings] = await Promise.all([api(`/accountability/cases?year=${year}&page_size=200`), ratingsOf(year)]);
  if (!body.items.length) return h("p", { class: "muted", text: t("acc.noCases") });
  return h("ul", { class: "cards", id: "cases" }, body.items.map((c) => h("li", { class: "card" },
    h("a", { class: "card-link", href: `#/case/${c.id}` },
      h("span", { class: "meta" }, statusPill(c.status), c.measure ? pill(t(`acc.measures.${c.measure}`), "info") : null),
      h("strong", { text: subjectText(c) }),
      h("span", { class: "muted", text: c.triggers.map((x) => t(`acc.triggerNames.${x}`)).join("；") })),
    ratingBadge(c.subject_leader ? ratings.leaders.get(c.subject_leader.id) : ratings.units.get(c.subject_unit_id)))));
}

async function commendationsTab(ctx, year) {
  const body = await api(`/accountability/commendations?year=${year}&page_size=200`);
  return h("div", {},
    mayAct(ctx.user) ? h("a", { class: "button primary", id: "propose", href: "#/commendation/new" }, t("acc.propose")) : null,
    body.items.length ? h("ul", { class: "cards", id: "commendations" }, body.items.map((c) => h("li", { class: "card" },
      h("a", { class: "card-link", href: `#/commendation/${c.id}` },
        h("span", { class: "meta" }, statusPill(c.status)),
        h("strong", { text: subjectText(c) }),
        h("span", { class: "muted", text: c.grounds.map((g) => t(`acc.groundNames.${g}`)).join("；") })))))
      : h("p", { class: "muted", text: t("acc.noCommendations") }));
}

async function ratingsTab(ctx, year) {
  const { body } = await ratingsOf(year);
  const row = (name, detail, rating) => h("li", { class: "card rating" },
    h("strong", { text: name }), detail ? h("span", { class: "muted", text: ` ${detail}` }) : null, " ", ratingBadge(rating));
  return h("div", { id: "ratings" },
    h("p", { class: "muted", text: t("acc.ratingsNote") }),
    h("h3", { text: t("acc.units") }),
    h("ul", { class: "cards", id: "unit-ratings" }, body.units.map((u) => row(u.name, "", u))),
    h("h3", { text: t("acc.people") }),
    h("ul", { class: "cards", id: "leader-ratings" }, body.leaders.map((l) => row(l.name, `${l.position} · ${l.org_unit_name}`, l))));
}

const TABS = { signals: signalsTab, cases: casesTab, commendations: commendationsTab, ratings: ratingsTab };

export async function accountabilityView(ctx, tab, year = String(thisYear())) {
  const tabs = Object.keys(TABS).filter((name) => name !== "signals" || BUREAU.has(ctx.user.role));
  const current = tabs.includes(tab) ? tab : tabs[0];
  const years = Array.from({ length: 5 }, (_, i) => String(thisYear() - i));
  const picker = h("select", { id: "acc-year", onchange: (e) => { location.hash = `#/accountability/${current}/${e.target.value}`; } },
    years.map((y) => h("option", { value: y, selected: y === year }, t("acc.yearN", { n: y }))));
  let content;
  try {
    content = await TABS[current](ctx, year);
  } catch (error) {
    content = failure(error);
  }
  return h("div", { class: "acc" },
    h("a", { href: "#/responsibility", class: "back" }, t("back")),
    h("h2", { text: t("acc.title") }),
    h("p", { class: "muted", text: t("acc.confidential") }),
    h("nav", { class: "acc-tabs", "aria-label": t("acc.title") }, tabs.map((name) => h("a", {
      href: `#/accountability/${name}/${year}`, class: `button ${name === current ? "primary" : "secondary"}`,
      "aria-current": name === current ? "page" : null, id: `acc-tab-${name}` }, t(`acc.tabs.${name}`)))),
    h("div", { class: "row acc-controls" }, field(t("acc.year"), picker),
      h("button", { type: "button", class: "secondary", id: "acc-export", onclick: () => download(year) }, t("acc.export"))),
    content);
}
