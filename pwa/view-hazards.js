// The hazard ledger on the phone (school home for officers and principals), hazard detail with
// before/after photos and the timeline, proof of rectification, and the verifier's decision.
import { api } from "./api.js";
import { readHazardFilters } from "./dashboard.js";
import { all, get, put } from "./db.js";
import { hazardDetail, hazardList, isStaff, pendingFor, photoUrl, schools } from "./data.js";
import { t } from "./i18n.js";
import { photoPicker } from "./photo-picker.js";
import { enqueue, enqueuePhoto } from "./sync.js";
import { openOrders } from "./notices.js";
import { ordersBlock } from "./view-orders.js";
import { draftsList } from "./view-schools.js";
import { field, h, pill, toast, uuid } from "./ui.js";

const STATUS_ORDER = { open: 0, rectifying: 1, submitted: 2, closed: 3 };

function daysLate(due) {
  const [y, m, d] = due.split("-").map(Number);
  const now = new Date();
  return Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(y, m - 1, d)) / 86400000);
}

function statusPill(status, local) {
  return pill(local ? t("pendingSync") : t(`statuses.${status}`), local ? "pending" : status);
}

const byUrgency = (a, b) => Number(a.status === "closed") - Number(b.status === "closed") || Number(b.overdue) - Number(a.overdue)
  || a.due_on.localeCompare(b.due_on) || STATUS_ORDER[a.status] - STATUS_ORDER[b.status];

function hazardCard(hz, showSchool) {
  return h("li", { class: `card hazard-card ${hz.overdue ? "overdue" : ""}` },
    h("a", { href: `#/hazard/${hz.id}`, class: "card-link", dataset: { id: hz.id } },
      h("span", { class: "meta" }, statusPill(hz.status, hz.pending), pill(t(`grades.${hz.grade}`), hz.grade),
        hz.overdue ? pill(t("overdueDays", { n: daysLate(hz.due_on) }), "overdue") : null),
      h("strong", { text: hz.description }),
      h("span", { class: hz.overdue ? "due late" : "due muted",
                  text: [showSchool ? hz.school_name : null, `${t("dueOn")} ${hz.due_on}`].filter(Boolean).join(" · ") })));
}

/** The hazards behind a dashboard figure: the ledger filtered on the server (GET /hazards). */
async function filteredView(ctx, filters) {
  const clear = h("a", { href: "#/hazards", class: "button secondary", id: "clear-filter" }, t("clearFilter"));
  if (!ctx.online) return h("div", {}, h("p", { class: "notice warn", text: t("filterOffline") }), clear);
  const page = await api(`/hazards?${filters.api}&page_size=200`);
  const ops = await all("outbox");
  const items = page.items.map((hz) => ({ ...hz, pending: pendingFor(hz.id, ops).length > 0 })).sort(byUrgency);
  return h("section", { class: "group", "aria-labelledby": "filtered-h" },
    h("p", { class: "crumb" }, h("a", { href: "#", onclick: (e) => { e.preventDefault(); history.back(); }, text: t("back") })),
    h("div", { class: "section-head" },
      h("h2", { id: "filtered-h" }, filters.title || t("tabHazards"), " ", h("span", { class: "muted small", id: "filtered-count", text: t("filteredTitle", { n: page.total }) })),
      clear),
    page.total > items.length ? h("p", { class: "notice info", text: t("filteredMore", { shown: items.length, n: page.total }) }) : null,
    items.length ? h("ul", { class: "cards", id: "hazards" }, items.map((hz) => hazardCard(hz, !isStaff(ctx.user))))
      : h("p", { class: "empty", text: t("noHazards") }));
}

export async function hazardsView(ctx, query) {
  const filters = readHazardFilters(query);
  if (filters.api) return filteredView(ctx, filters);
  const ops = await all("outbox");
  const items = (await hazardList()).map((hz) => ({ ...hz, pending: pendingFor(hz.id, ops).length > 0 }));
  const open = items.filter((hz) => hz.status !== "closed").sort(byUrgency);
  const closed = items.filter((hz) => hz.status === "closed");
  const overdue = open.filter((hz) => hz.overdue).length;
  const staff = isStaff(ctx.user);
  const card = (hz) => hazardCard(hz, !staff);
  let ownSchool = null;
  if (staff) ownSchool = (await schools()).find((s) => s.id === ctx.user.org_unit_id);
  return h("div", {},
    staff ? h("div", { class: "hero" },
      h("h2", { text: ctx.user.org_unit_name ?? ownSchool?.name ?? "" }),
      h("ul", { class: "stats" },
        h("li", {}, h("strong", { text: open.length }), t("openHazards")),
        h("li", { class: overdue ? "late" : "" }, h("strong", { text: overdue }), t("overdueHazards")),
        h("li", {}, h("strong", { text: closed.length }), t("closedHazards"))),
      h("a", { href: `#/start/${ctx.user.org_unit_id}`, class: "button primary block", id: "daily-check" }, t("startDaily")),
      ordersBlock(await openOrders(false), { withHazard: true })) : null,
    staff ? await draftsList(ctx) : null,
    h("section", { class: "group", "aria-labelledby": "open-h" },
      h("h2", { id: "open-h", text: t("openList", { n: open.length }) }),
      open.length ? h("ul", { class: "cards", id: "hazards" }, open.map(card)) : h("p", { class: "empty", text: t("noOpenHazards") })),
    closed.length ? h("details", { class: "group" }, h("summary", { text: t("closedList", { n: closed.length }) }),
      h("ul", { class: "cards" }, closed.map(card))) : null);
}

function photoStrip(shas, label) {
  return h("figure", { class: "photo-col" }, h("figcaption", { text: label }),
    shas.length ? h("div", { class: "photo-stack" }, shas.map((sha) => {
      const img = h("img", { alt: label, loading: "lazy" });
      const link = h("a", { href: "#", class: "photo-link", onclick: async (e) => {
        e.preventDefault();
        try { window.open(await photoUrl(sha, "full"), "_blank"); } catch { toast(t("photoOffline")); }
      } }, img);
      photoUrl(sha).then((url) => { img.src = url; }).catch(() => { img.alt = t("photoOffline"); });
      return link;
    })) : h("p", { class: "muted small", text: t("noPhotos") }));
}

function canVerify(user, hz) {
  if (hz.status !== "submitted") return false;
  const last = hz.rectifications.at(-1);
  if (last && last.submitted_by === user.name) return false;
  if (hz.grade === "major") return ["inspector", "admin"].includes(user.role);
  return ["principal", "inspector", "admin"].includes(user.role);
}

export async function hazardView(ctx, id) {
  let hz;
  try { hz = await hazardDetail(id, ctx.online); } catch { hz = null; }
  if (!hz) return h("p", { class: "empty", text: ctx.online ? t("notFound") : t("notCachedOffline") });
  const pending = pendingFor(id, await all("outbox"));
  const status = hz.localStatus ?? hz.status;
  const latest = hz.localRect ?? hz.rectifications.at(-1);
  const flags = [...hz.flags, ...(latest?.flags ?? [])];
  const staff = isStaff(ctx.user);

  const actions = [];
  if (pending.length) actions.push(h("p", { class: "notice info", role: "status", text: t("hazardPending") }));
  else if (staff && (status === "open" || status === "rectifying")) actions.push(proofForm(ctx, hz));
  else if (canVerify(ctx.user, hz)) actions.push(verifyForm(ctx, hz));

  return h("article", { class: "hazard-detail" },
    h("p", { class: "crumb" }, h("a", { href: "#/hazards", text: t("backToList") })),
    h("span", { class: "meta" }, statusPill(status, pending.length > 0), pill(t(`grades.${hz.grade}`), hz.grade),
      hz.overdue ? pill(t("overdueDays", { n: daysLate(hz.due_on) }), "overdue") : null,
      hz.recurrence_of ? pill(t("recurrence"), "overdue") : null),
    h("h2", { text: hz.description }),
    h("dl", { class: "facts" },
      h("dt", { text: t("school") }), h("dd", { text: hz.school_name }),
      h("dt", { text: t("dueOn") }), h("dd", { class: hz.overdue ? "late" : "", text: hz.due_on }),
      h("dt", { text: t("foundBy") }), h("dd", { text: `${hz.found_by} · ${hz.found_at.slice(0, 10)}` }),
      hz.location_note ? [h("dt", { text: t("locationNote") }), h("dd", { text: hz.location_note })] : null,
      hz.responsible_person ? [h("dt", { text: t("responsiblePerson") }), h("dd", { text: hz.responsible_person })] : null,
      hz.interim_controls ? [h("dt", { text: t("interimControls") }), h("dd", { text: hz.interim_controls })] : null,
      latest ? [h("dt", { text: t("measures") }), h("dd", { text: latest.measures })] : null,
      latest?.reason ? [h("dt", { text: t("rejectReason") }), h("dd", { text: latest.reason })] : null),
    ordersBlock(hz.orders),
    h("div", { class: "before-after" }, photoStrip(hz.evidence_photos, t("before")), photoStrip(latest?.photos ?? [], t("after"))),
    flags.length ? h("ul", { class: "flags", "aria-label": t("flagsTitle") },
      flags.map((f) => h("li", { class: "notice warn", text: t(`flags.${f.code}`) === `flags.${f.code}` ? f.message : t(`flags.${f.code}`) }))) : null,
    actions,
    h("section", { class: "group" }, h("h3", { text: t("timeline") }),
      h("ol", { class: "timeline" }, hz.timeline.map((e) => h("li", {},
        h("strong", { text: t(`actions.${e.action}`) === `actions.${e.action}` ? e.action : t(`actions.${e.action}`) }),
        h("span", { class: "muted small", text: ` ${e.actor_name ?? e.actor} · ${e.at.slice(0, 16).replace("T", " ")}` }))))));
}

function proofForm(ctx, hz) {
  const needsInterim = hz.grade === "major" && !hz.interim_controls;
  const error = h("p", { class: "error", role: "alert" });
  let photos = [];
  const measures = h("textarea", { name: "measures", rows: 3, maxlength: 4000, required: true });
  const interim = h("textarea", { name: "interim_controls", rows: 2, maxlength: 4000, required: needsInterim });
  const responsible = h("input", { name: "responsible_person", value: hz.responsible_person ?? "", maxlength: 100 });
  const cost = h("input", { name: "cost_yuan", inputmode: "decimal", pattern: "[0-9]+(\\.[0-9]{1,2})?" });
  const form = h("form", { class: "card form", id: "proof-form", "aria-labelledby": "proof-h" },
    h("h3", { id: "proof-h", text: t("proofTitle") }),
    field(t("measures"), measures),
    field(needsInterim ? t("interimControlsRequired") : t("interimControls"), interim, hz.grade === "major" ? t("interimHint") : null),
    hz.status === "open" ? field(t("responsiblePerson"), responsible) : null,
    field(t("costYuan"), cost),
    h("div", { class: "field" }, h("span", { class: "label", text: t("proofPhotos") }),
      photoPicker({ id: "proof-photos", onChange: (shas) => { photos = shas; }, label: t("takeProofPhoto") })),
    error,
    h("button", { type: "submit", class: "primary block", id: "submit-proof" }, t("submitProof")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!measures.value.trim()) { error.textContent = t("measuresRequired"); return; }
    if (!photos.length) { error.textContent = t("proofPhotoRequired"); return; }
    if (needsInterim && !interim.value.trim()) { error.textContent = t("interimRequired"); return; }
    if (cost.value && !/^[0-9]+(\.[0-9]{1,2})?$/.test(cost.value)) { error.textContent = t("costInvalid"); return; }
    for (const sha of photos) await enqueuePhoto(sha);
    let ack = null;
    if (hz.status === "open") {
      ack = await enqueue("ack", { hazardId: hz.id, label: hz.description,
        body: { base_version: hz.version, responsible_person: responsible.value.trim() || null,
                interim_controls: interim.value.trim() || null } });
    }
    const rectificationId = uuid();
    await enqueue("proof", { hazardId: hz.id, rectificationId, label: hz.description, after: ack?.id ?? null,
      body: { measures: measures.value.trim(), photos, base_version: ack ? hz.version + 1 : hz.version,
              interim_controls: interim.value.trim() || null, cost_yuan: cost.value || null } });
    await put("hazards", { ...hz, localStatus: "submitted",
      localRect: { measures: measures.value.trim(), photos, flags: [], submitted_by: ctx.user.name } });
    toast(navigator.onLine ? t("submittedSending") : t("savedOffline"));
    ctx.requestSync();
    ctx.rerender();
  });
  return form;
}

function verifyForm(ctx, hz) {
  const reason = h("textarea", { name: "reason", rows: 2, maxlength: 4000 });
  const error = h("p", { class: "error", role: "alert" });
  const decide = async (decision) => {
    if (decision === "reject" && !reason.value.trim()) { error.textContent = t("reasonRequired"); reason.focus(); return; }
    await enqueue("verify", { hazardId: hz.id, label: hz.description,
      body: { decision, reason: reason.value.trim() || null, base_version: hz.version } });
    await put("hazards", { ...hz, localStatus: decision === "accept" ? "closed" : "rectifying" });
    toast(navigator.onLine ? t("submittedSending") : t("savedOffline"));
    ctx.requestSync();
    ctx.rerender();
  };
  return h("section", { class: "card form", id: "verify", "aria-labelledby": "verify-h" },
    h("h3", { id: "verify-h", text: t("verifyTitle") }),
    h("p", { class: "muted small", text: t("verifyHint") }),
    field(t("rejectReasonLabel"), reason),
    error,
    h("div", { class: "row" },
      h("button", { type: "button", class: "danger", id: "reject", onclick: () => decide("reject") }, t("reject")),
      h("button", { type: "button", class: "primary", id: "accept", onclick: () => decide("accept") }, t("accept"))));
}

export { get };
