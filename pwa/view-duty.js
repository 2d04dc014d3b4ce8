// Responsibility lists (安全管理责任清单, 第七条(三)): the overview of a unit's leaders and their
// lists for a year, and the list editor (targets, deadlines, progress, evidence). These screens
// need the network, like the annual report: a list is edited against the server's versions.
import { api, apiBlob, saveFile } from "./api.js";
import { errorText, t } from "./i18n.js";
import { photoPicker } from "./photo-picker.js";
import { enqueuePhoto } from "./sync.js";
import { field, h, pill, toast, uuid } from "./ui.js";

export const thisYear = () => new Date().getFullYear();
export const STATUSES = ["pending", "in_progress", "done", "missed"];

/** A duty error in words: the duty table first (its codes mean something else elsewhere), then the app's. */
export function dutyError(error) {
  const own = t(`duty.errors.${error?.code}`);
  return own.startsWith("duty.errors.") ? errorText(error) : own;
}

export function failure(error) {
  return h("p", { class: "notice warn", role: "alert", text: `${t("duty.needsNetwork")} ${dutyError(error)}` });
}

export async function act(ctx, work, done) {
  try {
    const result = await work();
    if (done) toast(done);
    await ctx.rerender();
    return result;
  } catch (error) {
    toast(dutyError(error));
    return null;
  }
}

export const statusPill = (status) => pill(t(`duty.statuses.${status}`), `duty-${status}`);
const average = (value) => (value === null || value === undefined ? "—" : String(value));

async function download(path, name) {
  try {
    await saveFile(path, name);
  } catch (error) {
    toast(dutyError(error));
  }
}

export async function dutyOverviewView(ctx, year = String(thisYear())) {
  let overview;
  try {
    overview = await api(`/duty-lists?year=${year}`);
  } catch (error) {
    return h("div", {}, h("h2", { text: t("duty.title") }), failure(error));
  }
  const years = [thisYear() + 1, ...Array.from({ length: 5 }, (_, i) => thisYear() - i)].map(String);
  const picker = h("select", { id: "duty-year", onchange: (e) => { location.hash = `#/duty/${e.target.value}`; } },
    years.map((y) => h("option", { value: y, selected: y === year }, t("report.yearN", { n: y }))));
  const create = (leader) => act(ctx, async () => {
    const made = await api(`/duty-lists/${uuid()}`, { method: "PUT", body: { leader_id: leader.id, year: Number(year) } });
    location.hash = `#/duty-list/${made.id}`;
  }, t("duty.created"));
  return h("div", { class: "duty" },
    h("h2", { text: t("duty.title") }),
    h("p", { class: "muted small", text: t("duty.intro") }),
    field(t("report.year"), picker),
    h("ul", { class: "cards duty-leaders", id: "duty-leaders" }, overview.leaders.map((row) => h("li", { class: "card" },
      h("div", { class: "meta" }, row.status ? statusPill(`list_${row.status}`) : pill(t("duty.noList")),
        h("span", { class: "muted", text: row.org_unit_name })),
      h("strong", { text: `${row.leader.name} · ${row.leader.position}` }),
      h("span", { class: "muted small", text: t(`duty.roles.${row.leader.duty_role}`) }),
      row.list_id ? h("p", { class: "small" },
        t("duty.progress", { done: row.done, n: row.items }), row.overdue ? pill(t("duty.overdueN", { n: row.overdue }), "overdue") : null,
        ` · ${t("duty.h1")} ${average(row.h1_average)} · ${t("duty.h2")} ${average(row.h2_average)}`) : null,
      row.list_id ? h("a", { class: "button secondary block", href: `#/duty-list/${row.list_id}` }, t("duty.open"))
        : overview.may_create ? h("button", { type: "button", class: "primary block", dataset: { leader: row.leader.name },
          onclick: () => create(row.leader) }, t("duty.create")) : null))),
    overview.leaders.length ? null : h("p", { class: "empty", text: t("duty.noLeaders") }),
    h("button", { type: "button", class: "secondary block", id: "duty-export",
      onclick: () => download(`/duty-lists/export.xlsx?year=${year}`, `安全管理责任清单-${year}.xlsx`) }, t("duty.export")));
}

function itemForm(ctx, list, item, done) {
  const settled = list.may_edit && list.status === "draft";
  const text = h("textarea", { name: "text", rows: 3, maxlength: 4000 }, item?.text ?? "");
  const target = h("textarea", { name: "target", rows: 2, maxlength: 4000 }, item?.target ?? "");
  const due = h("input", { type: "date", name: "due_on", value: item?.due_on ?? `${list.year}-12-31`,
    min: `${list.year}-01-01`, max: `${list.year}-12-31` });
  const status = h("select", { name: "status" }, STATUSES.map((s) => h("option", { value: s, selected: s === (item?.status ?? "pending") },
    t(`duty.statuses.${s}`))));
  const note = h("textarea", { name: "note", rows: 2, maxlength: 4000 }, item?.note ?? "");
  const save = (event) => {
    event.preventDefault();
    return act(ctx, async () => {
      if (!text.value.trim() || !target.value.trim()) throw new Error(t("duty.fillTextTarget"));
      await api(`/duty-lists/${list.id}/items/${item?.id ?? uuid()}`, { method: "PUT", body: {
        base_version: item?.version ?? 0, text: text.value.trim(), article: item?.article ?? null,
        target: target.value.trim(), due_on: due.value, status: status.value, note: note.value.trim() || null } });
      done?.();
    }, t("duty.saved"));
  };
  return h("form", { class: "form duty-form", onsubmit: save },
    settled && !item?.template_code ? field(t("duty.text"), text) : null,
    settled ? field(t("duty.target"), target) : null,
    settled ? field(t("duty.dueOn"), due) : null,
    item ? field(t("duty.status"), status) : null,
    item ? field(t("duty.note"), note) : null,
    h("button", { type: "submit", class: "primary block" }, item ? t("duty.save") : t("duty.addItem")));
}

function evidenceForm(ctx, list, item) {
  const kind = h("select", { name: "kind" }, ["record", "photo", "note"].map((k) => h("option", { value: k }, t(`duty.evidenceKinds.${k}`))));
  const records = h("select", { name: "record" }, h("option", { value: "" }, t("duty.loading")));
  const note = h("textarea", { name: "note", rows: 2, maxlength: 500 });
  let shas = [];
  const picker = photoPicker({ id: `duty-photo-${item.id}`, onChange: (list) => { shas = list; } });
  const parts = { record: field(t("duty.pickRecord"), records), photo: picker };
  const show = () => { for (const [k, el] of Object.entries(parts)) el.hidden = k !== kind.value; };
  kind.addEventListener("change", show);
  api(`/duty-lists/${list.id}/evidence-candidates`).then((found) => {
    records.replaceChildren(h("option", { value: "" }, found.length ? t("duty.choose") : t("duty.noRecords")),
      ...found.map((c) => h("option", { value: `${c.kind}:${c.ref_id}` }, `${t(`duty.evidenceKinds.${c.kind}`)} · ${c.label}`)));
  }).catch(() => records.replaceChildren(h("option", { value: "" }, t("duty.needsNetwork"))));
  show();
  const attach = (body) => api(`/duty-lists/${list.id}/items/${item.id}/evidence/${uuid()}`, { method: "PUT", body });
  const save = (event) => {
    event.preventDefault();
    return act(ctx, async () => {
      const text = note.value.trim() || null;
      if (kind.value === "record") {
        const [refKind, refId] = records.value.split(":");
        if (!refId) throw new Error(t("duty.choose"));
        await attach({ kind: refKind, ref_id: refId, note: text });
      } else if (kind.value === "photo") {
        if (!shas.length) throw new Error(t("duty.photoNeeded"));
        for (const sha of shas) { await enqueuePhoto(sha); await attach({ kind: "photo", photo: sha, note: text }); }
        ctx.requestSync(true); // the photos follow through the outbox, like every field photo
      } else {
        if (!text) throw new Error(t("duty.noteNeeded"));
        await attach({ kind: "note", note: text });
      }
    }, t("duty.evidenceAdded"));
  };
  return h("form", { class: "form duty-form", onsubmit: save },
    field(t("duty.evidenceKind"), kind), parts.record, parts.photo, field(t("duty.evidenceNote"), note),
    h("button", { type: "submit", class: "primary block" }, t("duty.addEvidence")));
}

/** A photo shown once whoever attached it has sent it (until then the request answers 404). */
function evidenceThumb(list, evidence) {
  const img = h("img", { class: "evidence-thumb", alt: evidence.label, width: 96, height: 96 });
  apiBlob(`/duty-lists/${list.id}/evidence/${evidence.id}/thumb`)
    .then((blob) => { img.src = URL.createObjectURL(blob); }).catch(() => { img.remove(); });
  return img;
}

function itemCard(ctx, list, item) {
  const editable = list.may_report_progress;
  return h("li", { class: "card duty-item", dataset: { item: String(item.position) } },
    h("div", { class: "meta" }, h("span", { class: "code", text: `${item.position}. ${item.article ?? t("duty.ownItem")}` }),
      statusPill(item.status), item.overdue ? pill(t("duty.overdue"), "overdue") : null,
      item.scores.map((s) => pill(t("duty.scoreHalf", { half: t(`duty.h${s.half}`), score: s.score }), "info"))),
    h("p", { class: "duty-text", text: item.text }),
    h("p", {}, h("strong", { text: `${t("duty.target")}：` }), h("span", { class: "duty-target", text: item.target })),
    h("p", { class: "small muted", text: `${t("duty.dueOn")}：${item.due_on}` }),
    item.note ? h("p", { class: "small", text: `${t("duty.note")}：${item.note}` }) : null,
    item.scores.filter((s) => s.comment).map((s) => h("p", { class: "small", text: `${t(`duty.h${s.half}`)}：${s.comment}` })),
    item.evidence.length ? h("ul", { class: "plain-list small evidence" }, item.evidence.map((e) => h("li", {}, e.label,
      e.photo ? evidenceThumb(list, e) : null))) : null,
    editable ? h("details", { class: "duty-edit" }, h("summary", { text: t("duty.edit") }), itemForm(ctx, list, item)) : null,
    editable ? h("details", { class: "duty-evidence" }, h("summary", { text: t("duty.addEvidence") }), evidenceForm(ctx, list, item)) : null);
}

export async function dutyListView(ctx, listId) {
  let list;
  try {
    list = await api(`/duty-lists/${listId}`);
  } catch (error) {
    return h("div", {}, h("a", { href: "#/duty", class: "back" }, t("back")), failure(error));
  }
  const confirm = (confirmed) => act(ctx, () => api(`/duty-lists/${list.id}/confirmation`, { method: "POST",
    body: { base_version: list.version, confirmed } }), t(confirmed ? "duty.confirmed" : "duty.reopened"));
  return h("div", { class: "duty" },
    h("a", { href: `#/duty/${list.year}`, class: "back" }, t("back")),
    h("h2", { text: t("duty.listHeading", { year: list.year, name: list.leader.name }) }),
    h("p", { class: "meta" }, statusPill(`list_${list.status}`), h("span", { class: "muted",
      text: `${list.org_unit_name} · ${list.leader.position} · ${t(`duty.roles.${list.leader.duty_role}`)}` })),
    list.reviews.length ? h("ul", { class: "plain-list", id: "duty-reviews" }, list.reviews.map((r) => h("li", {},
      t("duty.reviewLine", { half: t(`duty.h${r.half}`), average: r.average, who: `${r.reviewer_unit} ${r.reviewer_name}` }),
      r.comment ? ` · ${r.comment}` : ""))) : null,
    h("div", { class: "row" },
      list.may_edit ? h("button", { type: "button", class: list.status === "draft" ? "primary" : "secondary", id: "duty-confirm",
        onclick: () => confirm(list.status === "draft") }, t(list.status === "draft" ? "duty.confirm" : "duty.reopen")) : null,
      list.reviewable_halves.map((half) => h("a", { class: "button primary", href: `#/duty-review/${list.id}/${half}`,
        id: `duty-review-${half}` }, t("duty.reviewHalf", { half: t(`duty.h${half}`) }))),
      h("a", { class: "button secondary", href: `#/duty-report/${list.id}`, id: "duty-report" }, t("duty.report"))),
    list.status === "draft" && list.may_edit ? h("p", { class: "muted small", text: t("duty.draftHint") }) : null,
    h("ol", { class: "cards duty-items", id: "duty-items" }, list.items.map((item) => itemCard(ctx, list, item))),
    list.may_edit && list.status === "draft" ? h("details", { class: "group", id: "duty-add" },
      h("summary", { text: t("duty.addItem") }), itemForm(ctx, list, null)) : null);
}
