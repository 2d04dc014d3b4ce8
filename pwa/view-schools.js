// Inspector home: schools in scope, nearest first by GPS, with search; drafts in progress on top.
// Start: choose the kind (defaulted from the date) and the checklist.
import { all, del, get, kvGet, kvSet, put } from "./db.js";
import { cachedTerms, checklists, distanceM, isStaff, position, schools } from "./data.js";
import { t } from "./i18n.js";
import { defaultKind, isoWithOffset } from "./terms.js";
import { confirmDialog, field, formatDistance, h, pill, uuid } from "./ui.js";

const ALL_KINDS = ["daily", "term_start", "term_mid", "term_end", "supervision_general", "supervision_special"];

export async function draftsList(ctx) {
  const drafts = (await all("drafts")).filter((d) => d.userId === ctx.user.id).sort((a, b) => b.updatedAt - a.updatedAt);
  if (!drafts.length) return null;
  return h("section", { class: "group", "aria-labelledby": "drafts-h" },
    h("h2", { id: "drafts-h", text: t("draftsTitle") }),
    h("ul", { class: "cards" }, drafts.map((d) => {
      const answered = Object.keys(d.answers).length;
      return h("li", { class: "card row-card" },
        h("a", { href: `#/run/${d.id}`, class: "card-link" },
          h("strong", { text: d.schoolName }),
          h("span", { class: "muted", text: `${t(`inspectionKinds.${d.kind}`)} · ${t("answeredOf", { a: answered, n: d.itemCount })}` })),
        h("button", { type: "button", class: "icon-btn", "aria-label": t("deleteDraft"), onclick: async () => {
          if (await confirmDialog(t("deleteDraftConfirm"), t("delete"))) { await del("drafts", d.id); ctx.rerender(); }
        } }, "✕"));
    })));
}

export async function schoolsView(ctx) {
  const list = await schools();
  const here = ctx.position ?? (await kvGet("lastPosition"));
  const withDistance = list.map((s) => ({ ...s, distance: here && s.lat != null ? distanceM(here, s) : null }))
    .sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || a.name.localeCompare(b.name, "zh"));
  const ul = h("ul", { class: "cards", id: "schools" });
  const search = h("input", { type: "search", id: "school-search", placeholder: t("searchSchools"), "aria-label": t("searchSchools") });
  const draw = () => {
    const q = search.value.trim();
    const shown = withDistance.filter((s) => !q || s.name.includes(q) || (s.address ?? "").includes(q));
    ul.replaceChildren(...shown.map((s) => h("li", { class: "card" },
      h("a", { href: `#/start/${s.id}`, class: "card-link school", dataset: { id: s.id } },
        h("strong", { text: s.name }),
        h("span", { class: "meta" },
          pill(t(`schoolTypes.${s.school_type}`) || s.school_type),
          h("span", { class: s.distance !== null && s.radius_m && s.distance <= s.radius_m ? "here" : "muted",
                      text: s.distance !== null && s.radius_m && s.distance <= s.radius_m ? t("onCampus") : formatDistance(s.distance) }))))));
    if (!shown.length) ul.append(h("li", { class: "empty", text: list.length ? t("noMatch") : t("noSchools") }));
  };
  search.addEventListener("input", draw);
  draw();
  if (!ctx.position) {
    position(6000).then(async (p) => {
      if (p && ctx.route === "#/") { ctx.position = p; await kvSet("lastPosition", p); ctx.rerender(); }
    });
  }
  return h("div", {},
    await draftsList(ctx),
    h("section", { class: "group", "aria-labelledby": "schools-h" },
      h("div", { class: "section-head" }, h("h2", { id: "schools-h", text: t("schoolsTitle") }),
        h("span", { class: "muted small", text: here ? t("nearestFirst") : t("noLocation") })),
      search, ul));
}

/** `planned`: the kind a supervision plan asks for (its "start" link), else the date suggests one. */
export async function startView(ctx, schoolId, planned) {
  const school = (await schools()).find((s) => s.id === schoolId);
  if (!school) return h("p", { class: "empty", text: t("notFound") });
  const kinds = isStaff(ctx.user) ? ["daily"] : ALL_KINDS;
  const suggested = ALL_KINDS.includes(planned) ? planned : defaultKind(new Date(), await cachedTerms());
  const kind = h("select", { id: "kind", name: "kind" },
    kinds.map((k) => h("option", { value: k, selected: k === (kinds.includes(suggested) ? suggested : kinds[0]) }, t(`inspectionKinds.${k}`))));
  const lists = h("div", { class: "choices", role: "radiogroup", "aria-label": t("checklist") });
  const all = await checklists();
  const draw = () => {
    const fit = all.filter((c) => c.kinds.includes(kind.value) && (!c.school_types.length || c.school_types.includes(school.school_type)));
    lists.replaceChildren(...fit.map((c, i) => h("label", { class: "choice" },
      h("input", { type: "radio", name: "checklist", value: c.id, checked: i === 0 }),
      h("span", {}, h("strong", { text: c.name }), h("small", { class: "muted", text: `${t("itemCount", { n: c.item_count ?? c.items.length })} · ${t("admin.version", { n: c.version })}` })))));
    if (!fit.length) lists.append(h("p", { class: "empty", text: t("noChecklist") }));
  };
  kind.addEventListener("change", draw);
  draw();
  const start = h("button", { type: "button", id: "start", class: "primary block" }, t("startInspection"));
  start.addEventListener("click", async () => {
    const chosen = lists.querySelector("input:checked");
    if (!chosen) return;
    const checklist = all.find((c) => c.id === chosen.value);
    const draft = { id: uuid(), userId: ctx.user.id, schoolId, schoolName: school.name, checklistId: checklist.id,
                    checklistName: checklist.name, kind: kind.value, itemCount: checklist.items.length,
                    startedAt: isoWithOffset(), startLocation: null, answers: {}, updatedAt: Date.now() };
    await put("drafts", draft);
    location.hash = `#/run/${draft.id}`;
    const fix = await position(10000); // geotag at the start, without holding the inspector up
    if (fix) { const latest = await get("drafts", draft.id); if (latest) await put("drafts", { ...latest, startLocation: fix }); }
  });
  return h("div", { class: "start" },
    h("p", { class: "crumb" }, h("a", { href: "#/", text: t("back") })),
    h("h2", { text: school.name }),
    h("p", { class: "muted", text: [t(`schoolTypes.${school.school_type}`), school.address].filter(Boolean).join(" · ") }),
    field(t("kind"), kind, kinds.length > 1 ? t("kindSuggested", { kind: t(`inspectionKinds.${suggested}`) }) : null),
    h("fieldset", { class: "plain" }, h("legend", { class: "label", text: t("checklist") }), lists),
    start);
}
