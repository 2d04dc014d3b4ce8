// One accountability case or commendation: opened from a signal (or proposed), then decided by the
// bureau that opened it (第二十四条) or reviewed by an admin above the proposer (第十八条).
import { api } from "./api.js";
import { errorText, t } from "./i18n.js";
import { confirmDialog, field, h, pill, toast, uuid } from "./ui.js";
import { evidenceList, failure, mayAct, ratingBadge, ratingsOf, statusPill } from "./view-accountability.js";

const TRIGGERS = ["art19_1", "art19_2", "art19_3", "art19_4", "art19_5", "art19_6", "art19_7"];
const MEASURES = ["circulated_criticism", "admonishment", "suspension_for_inspection", "reassignment", "ordered_resignation",
  "demotion", "dismissal", "disciplinary_sanction", "referral_to_supervision"];
const GROUNDS = ["art17_1", "art17_2", "art17_3", "art17_4", "art17_5"];
const today = () => new Date().toISOString().slice(0, 10);
const day = (iso) => (iso ? iso.slice(0, 10) : "");

function checks(name, codes, labelKey, chosen = []) {
  return h("fieldset", { class: "plain checks", id: name }, codes.map((code) => h("label", { class: "check" },
    h("input", { type: "checkbox", name, value: code, checked: chosen.includes(code) }), h("span", { text: t(`${labelKey}.${code}`) }))));
}
const checked = (box) => [...box.querySelectorAll("input:checked")].map((input) => input.value);

/** Do it, say so, then open the record made (``next``) or redraw this one. */
async function act(ctx, work, done, next) {
  try {
    const result = await work();
    toast(done);
    if (next) location.hash = next(result); else await ctx.rerender();
  } catch (error) {
    toast(errorText(error));
  }
}

export async function newCaseView(ctx) {
  const signal = JSON.parse(sessionStorage.getItem("acc.signal") ?? "null");
  if (!signal) { location.hash = "#/accountability"; return h("div"); }
  const subject = h("select", { id: "case-subject" },
    h("option", { value: "" }, t("acc.theUnit", { name: signal.org_unit_name })),
    signal.leaders.map((l) => h("option", { value: l.id }, `${l.name}（${l.position}）`)));
  const triggers = checks("case-triggers", TRIGGERS, "acc.triggerNames", [signal.trigger]);
  const facts = h("textarea", { id: "case-facts", rows: 5, maxlength: 4000 });
  facts.value = signal.summary;
  const create = () => act(ctx, async () => {
    if (!checked(triggers).length) throw new Error(t("acc.triggersRequired"));
    if (!facts.value.trim()) throw new Error(t("acc.factsRequired"));
    const id = uuid();
    await api(`/accountability/cases/${id}`, { method: "PUT", body: { subject_unit_id: signal.org_unit_id,
      subject_leader_id: subject.value || null, year: Number(signal.year), triggers: checked(triggers),
      facts: facts.value.trim(), evidence: signal.evidence } });
    sessionStorage.removeItem("acc.signal");
    return id;
  }, t("acc.created"), (id) => `#/case/${id}`);
  return h("div", { class: "acc-record" },
    h("a", { href: `#/accountability/signals/${signal.year}`, class: "back" }, t("back")),
    h("h2", { text: t("acc.newCase") }),
    field(t("acc.subject"), subject),
    h("p", { class: "label", text: t("acc.triggers") }), triggers,
    field(t("acc.facts"), facts),
    h("section", { class: "group" }, h("h3", { text: t("acc.evidence") }), evidenceList(signal.evidence)),
    h("button", { type: "button", class: "primary block", id: "create-case", onclick: create }, t("acc.create")));
}

/** Items of 第二十二条 or 第二十三条, each with the reason it applies. */
function reasoned(name, codes, labelKey) {
  const rows = codes.map((code) => {
    const box = h("input", { type: "checkbox", value: code });
    const reason = h("textarea", { rows: 2, maxlength: 4000, "aria-label": `${t("acc.reason")} ${t(`${labelKey}.${code}`)}` });
    return { code, box, reason, el: h("div", { class: "reasoned" }, h("label", { class: "check" }, box, h("span", { text: t(`${labelKey}.${code}`) })), reason) };
  });
  const value = () => rows.filter((r) => r.box.checked).map((r) => {
    if (!r.reason.value.trim()) throw new Error(t("acc.reasonRequired"));
    return { item: r.code, reason: r.reason.value.trim() };
  });
  return { el: h("fieldset", { class: "plain", id: name }, rows.map((r) => r.el)), value };
}

function deciding(ctx, record, path) {
  const measure = h("select", { id: "decide-measure" }, MEASURES.map((m) => h("option", { value: m }, t(`acc.measures.${m}`))),
    h("option", { value: "" }, t("acc.exempted")));
  const exemptions = reasoned("decide-exemptions", ["art22_1", "art22_2"], "acc.exemptionNames");
  const mitigations = reasoned("decide-mitigations", ["art23_1", "art23_2", "art23_3"], "acc.mitigationNames");
  const decidedOn = h("input", { type: "date", id: "decide-on", value: today(), max: today() });
  const note = h("textarea", { id: "decide-note", rows: 3, maxlength: 4000 });
  const reason = h("textarea", { id: "drop-reason", rows: 2, maxlength: 4000 });
  const decide = async () => {
    if (!(await confirmDialog(t("acc.decideConfirm"), t("acc.decide")))) return;
    await act(ctx, () => {
      if (!note.value.trim()) throw new Error(t("acc.noteRequired"));
      return api(`${path}/decision`, { method: "POST", body: { base_version: record.version, measure: measure.value || null,
        exemptions: exemptions.value(), mitigations: mitigations.value(), decided_on: decidedOn.value, note: note.value.trim() } });
    }, t("acc.decided"));
  };
  const drop = () => act(ctx, () => {
    if (!reason.value.trim()) throw new Error(t("acc.reasonRequired"));
    return api(`${path}/dropping`, { method: "POST", body: { base_version: record.version, reason: reason.value.trim() } });
  }, t("acc.dropped"));
  return h("section", { class: "group", "aria-labelledby": "decide-h" },
    h("h3", { id: "decide-h", text: t("acc.decision") }),
    field(t("acc.measure"), measure),
    h("p", { class: "label", text: t("acc.exemptions") }), exemptions.el,
    h("p", { class: "label", text: t("acc.mitigations") }), mitigations.el,
    field(t("acc.decidedOn"), decidedOn), field(t("acc.note"), note),
    h("button", { type: "button", class: "primary block", id: "decide-case", onclick: decide }, t("acc.decide")),
    h("details", {}, h("summary", { text: t("acc.drop") }), field(t("acc.dropReason"), reason),
      h("button", { type: "button", class: "secondary", id: "drop-case", onclick: drop }, t("acc.drop"))));
}

function decisionText(c) {
  const items = (list, key) => list.map((x) => h("li", {}, `${t(`${key}.${x.item}`)}：${x.reason}`));
  return h("section", { class: "group", id: "decision" },
    h("h3", { text: t("acc.decision") }),
    h("p", {}, h("strong", { text: c.status === "dropped" ? t("acc.dropped") : c.measure ? t(`acc.measures.${c.measure}`) : t("acc.exempted") })),
    c.exemptions.length ? h("ul", {}, items(c.exemptions, "acc.exemptionNames")) : null,
    c.mitigations.length ? h("ul", {}, items(c.mitigations, "acc.mitigationNames")) : null,
    h("p", { class: "narrative", text: c.note ?? "" }),
    h("p", { class: "muted", text: t("acc.decidedBy", { name: c.decided_by_name ?? "", date: c.decided_on ?? day(c.decided_at) }) }));
}

function subjectLine(record, ratings) {
  const leader = record.subject_leader;
  return h("p", { class: "meta subject" }, h("strong", { text: leader ? `${leader.name}（${leader.position}）` : record.subject_unit_name }),
    leader ? h("span", { text: record.subject_unit_name }) : null,
    ratingBadge(leader ? ratings.leaders.get(leader.id) : ratings.units.get(record.subject_unit_id)));
}

/** A case or commendation with the 第二十一条 ratings of its subject, or the screen saying why not. */
async function withRatings(path, list) {
  try {
    const record = await api(path);
    const ratings = await ratingsOf(record.year, record.subject_unit_id).catch(() => ({ units: new Map(), leaders: new Map() }));
    return { record, ratings };
  } catch (error) {
    return h("div", {}, h("a", { href: `#/accountability/${list}`, class: "back" }, t("back")), failure(error));
  }
}

export async function caseView(ctx, caseId) {
  const path = `/accountability/cases/${caseId}`;
  const loaded = await withRatings(path, "cases");
  if (loaded instanceof Node) return loaded;
  const { record, ratings } = loaded;
  return h("div", { class: "acc-record" },
    h("a", { href: `#/accountability/cases/${record.year}`, class: "back" }, t("back")),
    h("h2", { text: `${t("acc.tabs.cases")} · ${t("acc.yearN", { n: record.year })}` }),
    h("p", { class: "meta", id: "case-status" }, statusPill(record.status)),
    subjectLine(record, ratings),
    h("p", { class: "muted", text: `${t("acc.deciding")}：${record.deciding_unit_name} · ${t("acc.openedBy")} ${record.opened_by_name} ${day(record.opened_at)}` }),
    h("ul", { class: "triggers" }, record.triggers.map((x) => h("li", {}, pill(t(`acc.triggerNames.${x}`), "overdue")))),
    h("h3", { text: t("acc.facts") }), h("p", { class: "narrative", text: record.facts }),
    record.evidence.length ? h("section", { class: "group" }, h("h3", { text: t("acc.evidence") }), evidenceList(record.evidence)) : null,
    record.status !== "preparing" ? decisionText(record) : record.may_decide ? deciding(ctx, record, path) : null);
}

export async function newCommendationView(ctx) {
  if (!mayAct(ctx.user)) { location.hash = "#/accountability/commendations"; return h("div"); }
  // 第二十四条: a bureau commends the units below it, never itself.
  const units = (await api("/org-units").catch(() => [])).filter((u) => u.id !== ctx.user.org_unit_id);
  const unit = h("select", { id: "com-unit" }, units.map((u) => h("option", { value: u.id }, u.name)));
  const person = h("select", { id: "com-leader" });
  const fill = async () => {
    const leaders = await api(`/leaders?org_unit_id=${unit.value}`).catch(() => []);
    person.replaceChildren(h("option", { value: "" }, t("acc.wholeUnit")),
      ...leaders.filter((l) => l.org_unit_id === unit.value).map((l) => h("option", { value: l.id }, `${l.name}（${l.position}）`)));
  };
  unit.addEventListener("change", fill);
  await fill();
  const year = h("input", { type: "number", id: "com-year", value: new Date().getFullYear(), min: 2000, max: new Date().getFullYear() });
  const grounds = checks("com-grounds", GROUNDS, "acc.groundNames");
  const facts = h("textarea", { id: "com-facts", rows: 5, maxlength: 4000 });
  const propose = () => act(ctx, async () => {
    if (!checked(grounds).length) throw new Error(t("acc.groundsRequired"));
    if (!facts.value.trim()) throw new Error(t("acc.factsRequired"));
    const id = uuid();
    await api(`/accountability/commendations/${id}`, { method: "PUT", body: { subject_unit_id: unit.value,
      subject_leader_id: person.value || null, year: Number(year.value), grounds: checked(grounds), facts: facts.value.trim(), evidence: [] } });
    return id;
  }, t("acc.proposed"), (id) => `#/commendation/${id}`);
  return h("div", { class: "acc-record" },
    h("a", { href: "#/accountability/commendations", class: "back" }, t("back")),
    h("h2", { text: t("acc.newCommendation") }),
    field(t("acc.unit"), unit), field(t("acc.person"), person), field(t("acc.year"), year),
    h("p", { class: "label", text: t("acc.grounds") }), grounds,
    field(t("acc.facts"), facts),
    h("button", { type: "button", class: "primary block", id: "propose-commendation", onclick: propose }, t("acc.propose")));
}

export async function commendationView(ctx, commendationId) {
  const path = `/accountability/commendations/${commendationId}`;
  const loaded = await withRatings(path, "commendations");
  if (loaded instanceof Node) return loaded;
  const { record, ratings } = loaded;
  const note = h("textarea", { id: "review-note", rows: 2, maxlength: 4000 });
  const review = (decision) => act(ctx, () => api(`${path}/review`, { method: "POST",
    body: { base_version: record.version, decision, note: note.value.trim() || null } }),
  t("acc.reviewed"));
  return h("div", { class: "acc-record" },
    h("a", { href: `#/accountability/commendations/${record.year}`, class: "back" }, t("back")),
    h("h2", { text: `${t("acc.tabs.commendations")} · ${t("acc.yearN", { n: record.year })}` }),
    h("p", { class: "meta", id: "commendation-status" }, statusPill(record.status)),
    subjectLine(record, ratings),
    h("p", { class: "muted", text: t("acc.proposedBy", { name: record.proposed_by_name, unit: record.proposing_unit_name }) }),
    h("ul", { class: "triggers" }, record.grounds.map((g) => h("li", {}, pill(t(`acc.groundNames.${g}`), "closed")))),
    h("p", { class: "narrative", text: record.facts }),
    record.review_note ? h("p", { class: "muted", text: `${t("acc.reviewNote")}：${record.review_note}` }) : null,
    record.may_review ? h("section", { class: "group" }, h("h3", { text: t("acc.review") }), field(t("acc.reviewNote"), note),
      h("div", { class: "row" },
        h("button", { type: "button", class: "secondary", id: "reject-commendation", onclick: () => review("reject") }, t("acc.reject")),
        h("button", { type: "button", class: "primary", id: "approve-commendation", onclick: () => review("approve") }, t("acc.approve"))))
      : null);
}
