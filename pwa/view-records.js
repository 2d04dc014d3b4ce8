// Drills (应急演练, 第八条(六)) and incidents (事故、案件、事件, 第七条(八)) of the signed-in user's unit.
// Recording works offline: both are sent through the outbox under ids made here, like inspections.
// A bureau above the unit judges whether an incident involved management responsibility (online).
import { all, kvGet, kvSet } from "./db.js";
import { api, saveFile } from "./api.js";
import { errorText, t } from "./i18n.js";
import { photoPicker } from "./photo-picker.js";
import { enqueue, enqueuePhoto } from "./sync.js";
import { isoWithOffset } from "./terms.js";
import { field, h, pill, toast, uuid } from "./ui.js";

const DRILL_KINDS = ["fire_evacuation", "earthquake", "flood", "stampede", "intruder", "gas_poisoning", "food_safety", "other"];
const CATEGORIES = ["accident", "case", "event"];
const TYPES = ["traffic", "drowning", "fire", "food_poisoning", "violence", "bullying", "injury", "disease", "building", "other"];
const SEVERITIES = ["general", "larger", "major", "especially_major"];
const WRITERS = new Set(["admin", "inspector", "principal", "school_officer"]);

const select = (name, values, prefix) => h("select", { name }, values.map((v) => h("option", { value: v }, t(`${prefix}.${v}`))));
const today = () => isoWithOffset().slice(0, 10);

/** The lists from the server when online (kept for offline), else the last kept copy. */
async function lists(ctx) {
  const year = today().slice(0, 4);
  if (ctx.online) {
    try {
      const [drills, incidents] = await Promise.all([api(`/drills?year=${year}&page_size=100`), api(`/incidents?year=${year}&page_size=100`)]);
      const kept = { drills: drills.items, incidents: incidents.items, at: Date.now() };
      await kvSet("records", kept);
      return kept;
    } catch (error) {
      if (error.status) throw error;
    }
  }
  return (await kvGet("records")) ?? { drills: [], incidents: [], at: 0 };
}

export async function recordsView(ctx) {
  const kept = await lists(ctx);
  const queued = (await all("outbox")).filter((op) => op.type === "drill" || op.type === "incident");
  const writer = WRITERS.has(ctx.user.role);
  const year = today().slice(0, 4);
  const exportButton = (kind, name) => h("button", { type: "button", class: "secondary", "data-export": kind, disabled: !ctx.online,
    onclick: () => saveFile(`/${kind}/export.xlsx?year=${year}`, `${name}-${year}.xlsx`).catch((error) => toast(errorText(error))) },
  t("records.export"));
  return h("div", { class: "records" },
    h("a", { href: "#/responsibility", class: "back" }, t("back")),
    h("h2", { text: t("records.title") }),
    h("div", { class: "row" }, exportButton("drills", "应急演练"), exportButton("incidents", "事故案件事件")),
    queued.length ? h("p", { class: "notice info", role: "status", text: t("records.queued", { n: queued.length }) }) : null,
    h("section", { class: "group", "aria-labelledby": "drills-h" },
      h("h3", { id: "drills-h", text: t("records.drills", { n: kept.drills.length }) }),
      writer ? h("a", { class: "button primary block", href: "#/records/drill", id: "new-drill" }, t("records.newDrill")) : null,
      h("ul", { class: "cards", id: "drills" }, kept.drills.map((d) => h("li", { class: "card" },
        h("span", { class: "meta" }, pill(t(`drillKinds.${d.kind}`), "info"), h("span", { class: "muted", text: d.held_on })),
        h("strong", { text: d.description }),
        h("span", { class: "muted", text: t("records.drillLine", { unit: d.org_unit_name, n: d.participants }) }))))),
    h("section", { class: "group", "aria-labelledby": "incidents-h" },
      h("h3", { id: "incidents-h", text: t("records.incidents", { n: kept.incidents.length }) }),
      writer ? h("a", { class: "button secondary block", href: "#/records/incident", id: "new-incident" }, t("records.newIncident")) : null,
      h("ul", { class: "cards", id: "incidents" }, kept.incidents.map((i) => incidentCard(ctx, i)))));
}

function incidentCard(ctx, i) {
  const judged = i.management_responsibility;
  const mayJudge = ["admin", "inspector"].includes(ctx.user.role) && i.org_unit_id !== ctx.user.org_unit_id;
  return h("li", { class: "card" },
    h("span", { class: "meta" }, pill(t(`incidentCategories.${i.category}`), i.severity === "general" ? "general" : "major"),
      pill(t(`severities.${i.severity}`), "info"),
      pill(judged === null ? t("records.unjudged") : judged ? t("records.responsible") : t("records.notResponsible"),
        judged === null ? "pending" : judged ? "overdue" : "closed")),
    h("strong", { text: i.description }),
    h("span", { class: "muted", text: `${i.org_unit_name} · ${i.occurred_at.slice(0, 10)} · ${t("records.casualties", { d: i.deaths, i: i.injuries })}` }),
    i.responsibility_note ? h("p", { class: "small", text: `${t("records.judgement")}：${i.responsibility_note}` }) : null,
    mayJudge && ctx.online ? judgeForm(ctx, i) : null);
}

function judgeForm(ctx, incident) {
  const note = h("textarea", { name: "note", rows: 2, maxlength: 4000 });
  const decide = async (responsible) => {
    if (!note.value.trim()) { toast(t("records.noteRequired")); note.focus(); return; }
    try {
      await api(`/incidents/${incident.id}/responsibility`, { method: "POST",
        body: { base_version: incident.version, management_responsibility: responsible, note: note.value.trim() } });
      toast(t("records.judged"));
      ctx.rerender();
    } catch (error) { toast(errorText(error)); }
  };
  return h("details", { class: "judge" }, h("summary", { text: t("records.judge") }),
    field(t("records.judgementNote"), note),
    h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", onclick: () => decide(false) }, t("records.notResponsible")),
      h("button", { type: "button", class: "danger", onclick: () => decide(true) }, t("records.responsible"))));
}

/** Build a form whose submit queues one record; `body()` returns the record or an error text. */
function recordForm(ctx, { id, title, controls, body, type, label }) {
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card form", id, "aria-labelledby": `${id}-h` },
    h("h2", { id: `${id}-h`, text: title }), ...controls, error,
    h("button", { type: "submit", class: "primary block" }, t("records.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const made = body();
    if (typeof made === "string") { error.textContent = made; return; }
    for (const sha of made.photos ?? []) await enqueuePhoto(sha);
    await enqueue(type, { recordId: uuid(), label: label(made), body: made });
    toast(navigator.onLine ? t("submittedSending") : t("savedOffline"));
    ctx.requestSync();
    location.hash = "#/records";
  });
  return h("div", {}, h("a", { href: "#/records", class: "back" }, t("back")), form);
}

export function drillFormView(ctx) {
  let photos = [];
  const c = { kind: select("kind", DRILL_KINDS, "drillKinds"), held_on: h("input", { type: "date", name: "held_on", value: today(), max: today() }),
    participants: h("input", { type: "number", name: "participants", min: 1, max: 100000, inputmode: "numeric" }),
    duration: h("input", { type: "number", name: "duration_minutes", min: 1, max: 1440, inputmode: "numeric" }),
    description: h("textarea", { name: "description", rows: 3, maxlength: 4000 }),
    findings: h("textarea", { name: "findings", rows: 2, maxlength: 4000 }) };
  return recordForm(ctx, { id: "drill-form", title: t("records.newDrill"), type: "drill", label: (d) => t(`drillKinds.${d.kind}`),
    controls: [field(t("records.kind"), c.kind), field(t("records.heldOn"), c.held_on), field(t("records.participants"), c.participants),
      field(t("records.duration"), c.duration), field(t("records.drillDescription"), c.description, t("records.drillHint")),
      field(t("records.findings"), c.findings),
      h("div", { class: "field" }, h("span", { class: "label", text: t("photos") }),
        photoPicker({ id: "drill-photos", onChange: (shas) => { photos = shas; } }))],
    body: () => {
      const participants = Number(c.participants.value);
      if (!c.description.value.trim()) return t("records.descriptionRequired");
      if (!Number.isInteger(participants) || participants < 1) return t("records.participantsRequired");
      return { org_unit_id: ctx.user.org_unit_id, kind: c.kind.value, held_on: c.held_on.value, participants,
        duration_minutes: Number(c.duration.value) || null, description: c.description.value.trim(),
        findings: c.findings.value.trim() || null, photos };
    } });
}

export function incidentFormView(ctx) {
  const c = { category: select("category", CATEGORIES, "incidentCategories"), type: select("incident_type", TYPES, "incidentTypes"),
    severity: select("severity", SEVERITIES, "severities"),
    occurred: h("input", { type: "datetime-local", name: "occurred_at", max: isoWithOffset().slice(0, 16) }),
    place: h("input", { name: "place", maxlength: 500 }), description: h("textarea", { name: "description", rows: 3, maxlength: 4000 }),
    handling: h("textarea", { name: "handling", rows: 3, maxlength: 4000 }),
    deaths: h("input", { type: "number", name: "deaths", min: 0, value: 0, inputmode: "numeric" }),
    injuries: h("input", { type: "number", name: "injuries", min: 0, value: 0, inputmode: "numeric" }),
    losses: h("input", { name: "losses_yuan", inputmode: "decimal" }), followUp: h("textarea", { name: "follow_up", rows: 2, maxlength: 4000 }) };
  return recordForm(ctx, { id: "incident-form", title: t("records.newIncident"), type: "incident", label: (i) => i.description.slice(0, 20),
    controls: [field(t("records.category"), c.category), field(t("records.type"), c.type), field(t("records.severity"), c.severity),
      field(t("records.occurredAt"), c.occurred), field(t("records.place"), c.place), field(t("records.what"), c.description),
      field(t("records.handling"), c.handling), field(t("records.deaths"), c.deaths), field(t("records.injuries"), c.injuries),
      field(t("records.losses"), c.losses), field(t("records.followUp"), c.followUp)],
    body: () => {
      if (!c.occurred.value) return t("records.whenRequired");
      if (!c.description.value.trim() || !c.handling.value.trim()) return t("records.whatRequired");
      if (c.losses.value && !/^[0-9]+(\.[0-9]{1,2})?$/.test(c.losses.value)) return t("costInvalid");
      return { org_unit_id: ctx.user.org_unit_id, category: c.category.value, incident_type: c.type.value, severity: c.severity.value,
        occurred_at: isoWithOffset(new Date(c.occurred.value)), place: c.place.value.trim() || null,
        description: c.description.value.trim(), handling: c.handling.value.trim(), deaths: Number(c.deaths.value) || 0,
        injuries: Number(c.injuries.value) || 0, losses_yuan: c.losses.value || null, follow_up: c.followUp.value.trim() || null };
    } });
}
