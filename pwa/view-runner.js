// The checklist runner: items by category, Pass / Hazard / N.A., a hazard sheet with photos,
// review and submit to the outbox. The draft is saved in IndexedDB on every answer.
import { del, get, put } from "./db.js";
import { checklists, position } from "./data.js";
import { t } from "./i18n.js";
import { photoPicker } from "./photo-picker.js";
import { enqueue, enqueuePhoto, flush } from "./sync.js";
import { defaultDueOn, isoWithOffset } from "./terms.js";
import { field, h, pill, toast, uuid } from "./ui.js";

const OUTCOMES = ["pass", "hazard", "na"];

async function load(id) {
  const draft = await get("drafts", id);
  if (!draft) return {};
  const checklist = (await checklists()).find((c) => c.id === draft.checklistId);
  return { draft, checklist };
}

const save = (draft) => put("drafts", { ...draft, updatedAt: Date.now() });

export async function runnerView(ctx, id) {
  const { draft, checklist } = await load(id);
  if (!draft || !checklist) return h("p", { class: "empty", text: t("draftMissing") });
  const total = checklist.items.length;
  const bar = h("progress", { max: total, value: 0, "aria-label": t("progress") });
  const count = h("span", { id: "progress-text" });
  const updateProgress = () => {
    const n = Object.keys(draft.answers).length;
    bar.value = n;
    count.textContent = t("answeredOf", { a: n, n: total });
  };

  const itemCard = (item) => {
    const card = h("li", { class: "card item", id: `item-${item.code}`, dataset: { code: item.code } });
    const draw = () => {
      const answer = draft.answers[item.code];
      const buttons = OUTCOMES.map((outcome) => h("button", {
        type: "button", class: `outcome ${outcome}`, "aria-pressed": String(answer?.outcome === outcome),
        dataset: { outcome }, onclick: async () => {
          if (outcome === "hazard") return openSheet(item);
          draft.answers[item.code] = { outcome };
          await save(draft); draw(); updateProgress();
        } }, t(`outcomes.${outcome}`)));
      const hazard = answer?.outcome === "hazard" ? answer.hazard : null;
      card.replaceChildren(...[
        h("div", { class: "item-head" }, h("span", { class: "code", text: item.code }),
          item.photo_required ? pill(t("photoRequired"), "info") : null,
          item.grade === "major" ? pill(t("grades.major"), "major") : null),
        h("p", { class: "check", text: item.check }),
        h("details", {}, h("summary", { text: t("lookAt") }), h("p", { class: "small", text: item.look_at })),
        h("div", { class: "outcomes", role: "group", "aria-label": item.check }, buttons),
        hazard ? h("button", { type: "button", class: "hazard-summary", onclick: () => openSheet(item) },
          h("span", { text: hazard.description }),
          h("small", { text: `${t(`grades.${hazard.grade}`)} · ${t("photosN", { n: hazard.photos.length })} · ${t("dueOn")} ${hazard.due_on}` })) : null,
      ].filter(Boolean));
    };
    card.redraw = draw;
    draw();
    return card;
  };

  const cards = new Map();
  const groups = [];
  for (const item of [...checklist.items].sort((a, b) => a.position - b.position)) {
    let group = groups.find((g) => g.category === item.category);
    if (!group) { group = { category: item.category, items: [] }; groups.push(group); }
    group.items.push(item);
  }

  const openSheet = (item) => {
    const existing = draft.answers[item.code]?.hazard;
    const hazard = existing ? { ...existing, photos: [...existing.photos] }
      : { id: uuid(), description: item.check, grade: item.grade, due_on: defaultDueOn(item.grade, draft.kind),
          location_note: "", responsible_person: "", photos: [] };
    let dueTouched = Boolean(existing);
    const error = h("p", { class: "error", role: "alert" });
    const description = h("textarea", { name: "description", rows: 3, required: true, maxlength: 4000 }, hazard.description);
    const due = h("input", { type: "date", name: "due_on", value: hazard.due_on, required: true,
                             oninput: () => { dueTouched = true; } });
    const grades = h("div", { class: "segmented", role: "radiogroup", "aria-label": t("grade") },
      ["general", "major"].map((g) => h("label", {}, h("input", { type: "radio", name: "grade", value: g, checked: hazard.grade === g,
        onchange: () => { if (!dueTouched) due.value = defaultDueOn(g, draft.kind); } }), h("span", { text: t(`grades.${g}`) }))));
    const locationNote = h("input", { name: "location_note", value: hazard.location_note ?? "", maxlength: 500,
                                      placeholder: t("locationNoteHint") });
    const responsible = h("input", { name: "responsible_person", value: hazard.responsible_person ?? "", maxlength: 100 });
    const picker = photoPicker({ id: "hazard-photos", shas: hazard.photos, onChange: (shas) => { hazard.photos = shas; } });
    const dialog = h("dialog", { class: "sheet", id: "hazard-sheet", "aria-labelledby": "sheet-title" });
    const form = h("form", { method: "dialog" },
      h("h2", { id: "sheet-title", text: t("hazardSheetTitle") }),
      h("p", { class: "muted small", text: `${item.code} · ${item.check}` }),
      field(t("description"), description),
      h("fieldset", { class: "plain" }, h("legend", { class: "label", text: t("grade") }), grades),
      field(t("dueOn"), due),
      field(t("locationNote"), locationNote),
      field(t("responsiblePerson"), responsible),
      h("div", { class: "field" }, h("span", { class: "label", text: item.photo_required ? t("photosRequired") : t("photos") }), picker),
      error,
      h("div", { class: "row sticky-actions" },
        h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("cancel")),
        h("button", { type: "submit", class: "primary", id: "save-hazard" }, t("saveHazard"))));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      hazard.description = description.value.trim();
      hazard.grade = form.querySelector("input[name=grade]:checked").value;
      hazard.due_on = due.value;
      hazard.location_note = locationNote.value.trim();
      hazard.responsible_person = responsible.value.trim();
      if (!hazard.description) { error.textContent = t("descriptionRequired"); return; }
      if (!hazard.due_on) { error.textContent = t("dueRequired"); return; }
      if (item.photo_required && !hazard.photos.length) { error.textContent = t("photoNeeded"); return; }
      draft.answers[item.code] = { outcome: "hazard", hazard };
      await save(draft);
      dialog.close();
      cards.get(item.code).redraw();
      updateProgress();
    });
    dialog.append(form);
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  };

  const sections = groups.map((g) => h("section", { class: "group" }, h("h3", { class: "category", text: g.category }),
    h("ul", { class: "cards" }, g.items.map((item) => { const card = itemCard(item); cards.set(item.code, card); return card; }))));
  updateProgress();

  const restPass = h("button", { type: "button", class: "secondary block", id: "rest-pass", onclick: async () => {
    for (const item of checklist.items) if (!draft.answers[item.code]) draft.answers[item.code] = { outcome: "pass" };
    await save(draft);
    for (const card of cards.values()) card.redraw();
    updateProgress();
  } }, t("restPass"));
  return h("div", { class: "runner" },
    h("div", { class: "runner-head" },
      h("p", { class: "crumb" }, h("a", { href: "#/", text: t("back") })),
      h("h2", { text: draft.schoolName }),
      h("p", { class: "muted small", text: `${t(`inspectionKinds.${draft.kind}`)} · ${draft.checklistName}` }),
      h("div", { class: "progress-row" }, bar, count)),
    sections,
    h("div", { class: "stack" }, restPass,
      h("a", { href: `#/run/${draft.id}/review`, class: "button primary block", id: "review" }, t("reviewSubmit"))));
}

export async function reviewView(ctx, id) {
  const { draft, checklist } = await load(id);
  if (!draft || !checklist) return h("p", { class: "empty", text: t("draftMissing") });
  const answers = draft.answers;
  const tally = { pass: 0, hazard: 0, na: 0 };
  for (const a of Object.values(answers)) tally[a.outcome] += 1;
  const missing = checklist.items.filter((i) => !answers[i.code]);
  const noPhoto = checklist.items.filter((i) => i.photo_required && answers[i.code]?.outcome === "hazard" && !answers[i.code].hazard.photos.length);
  const error = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "button", class: "primary block", id: "submit-inspection", disabled: missing.length > 0 || noPhoto.length > 0 },
    t("submitInspection"));
  submit.addEventListener("click", async () => {
    submit.disabled = true;
    submit.textContent = t("locating");
    const finish = await position(6000); // geotag at the finish
    const fix = finish ?? draft.startLocation;
    const results = checklist.items.map((item) => {
      const a = answers[item.code];
      const result = { item_code: item.code, outcome: a.outcome, note: a.note || null, hazard: null };
      if (a.outcome === "hazard") {
        const hz = a.hazard;
        result.hazard = { id: hz.id, description: hz.description, grade: hz.grade, due_on: hz.due_on,
                          location_note: hz.location_note || null, responsible_person: hz.responsible_person || null, photos: hz.photos };
      }
      return result;
    });
    const body = { school_id: draft.schoolId, checklist_id: draft.checklistId, kind: draft.kind, started_at: draft.startedAt,
                   finished_at: isoWithOffset(), location: fix ? { lat: fix.lat, lon: fix.lon, accuracy_m: fix.accuracy_m ?? null } : null,
                   results };
    for (const r of results) for (const sha of r.hazard?.photos ?? []) await enqueuePhoto(sha);
    await enqueue("inspection", { id: `inspection:${draft.id}`, inspectionId: draft.id, body,
                                  label: `${draft.schoolName} · ${draft.checklistName}`, hazards: tally.hazard,
                                  start: draft.startLocation, finish });
    await del("drafts", draft.id);
    toast(navigator.onLine ? t("submittedSending") : t("savedOffline"));
    ctx.requestSync();
    location.hash = "#/outbox";
  });
  return h("div", { class: "review" },
    h("p", { class: "crumb" }, h("a", { href: `#/run/${draft.id}`, text: t("backToChecklist") })),
    h("h2", { text: t("reviewTitle") }),
    h("dl", { class: "facts" },
      h("dt", { text: t("school") }), h("dd", { text: draft.schoolName }),
      h("dt", { text: t("checklist") }), h("dd", { text: draft.checklistName }),
      h("dt", { text: t("kind") }), h("dd", { text: t(`inspectionKinds.${draft.kind}`) }),
      h("dt", { text: t("startedAt") }), h("dd", { text: draft.startedAt.slice(0, 16).replace("T", " ") }),
      h("dt", { text: t("geotag") }), h("dd", { text: draft.startLocation ? t("located", { m: draft.startLocation.accuracy_m ?? "?" }) : t("notLocated") })),
    h("ul", { class: "tally" },
      h("li", { class: "pass" }, h("strong", { text: tally.pass }), t("outcomes.pass")),
      h("li", { class: "hazard" }, h("strong", { text: tally.hazard }), t("outcomes.hazard")),
      h("li", { class: "na" }, h("strong", { text: tally.na }), t("outcomes.na"))),
    missing.length ? h("p", { class: "notice warn", text: t("unanswered", { n: missing.length }) }) : null,
    missing.length ? h("ul", { class: "plain-list" }, missing.map((i) => h("li", {}, h("a", { href: `#/run/${draft.id}`, text: `${i.code} ${i.check}` })))) : null,
    noPhoto.length ? h("p", { class: "notice warn", text: t("photosMissing", { n: noPhoto.length }) }) : null,
    tally.hazard ? h("section", { class: "group" }, h("h3", { text: t("hazardsFound") }),
      h("ul", { class: "cards" }, Object.entries(answers).filter(([, a]) => a.outcome === "hazard").map(([code, a]) =>
        h("li", { class: "card" }, h("strong", { text: a.hazard.description }),
          h("p", { class: "muted small", text: `${code} · ${t(`grades.${a.hazard.grade}`)} · ${t("dueOn")} ${a.hazard.due_on} · ${t("photosN", { n: a.hazard.photos.length })}` }))))) : null,
    error, submit,
    h("p", { class: "muted small center", text: t("offlineSubmitHint") }));
}
