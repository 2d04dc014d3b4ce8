// The term calendar (学期校历, 第十五条): every term with its three inspection windows. Admins of the city
// bureau create and edit terms (PUT /terms/{code}; the server checks them and its refusals are shown in
// words); everyone else reads it. Offline: the calendar kept on the phone, read-only.
import { api } from "./api.js";
import { cachedTerms, ownUnit } from "./data.js";
import { shanghaiDay } from "./dashboard.js";
import { kvSet } from "./db.js";
import { errorText, t } from "./i18n.js";
import { currentTerm, termRequest, termWindows } from "./terms.js";
import { field, h, pill, toast } from "./ui.js";

async function load(ctx) {
  if (ctx.online) {
    try {
      const { terms } = await api("/terms");
      await kvSet("terms", terms);
      return { terms, stale: false };
    } catch (error) {
      if (error.status) throw error;
    }
  }
  return { terms: await cachedTerms(), stale: true };
}

const dates = (from, to) => t("terms.dates", { from, to });

function windowList(windows, attrs = {}) {
  return h("dl", { class: "windows", ...attrs }, windows.map((w) =>
    [h("dt", { text: t(`inspectionKinds.${w.kind}`) }), h("dd", { text: dates(w.opens_on, w.closes_on) })]));
}

function termCard(term, current, edit) {
  return h("li", { class: `card term ${current ? "current" : ""}`, dataset: { code: term.code } },
    h("div", { class: "term-head" },
      h("div", { class: "term-title" }, h("strong", { class: "term-name", text: term.name }),
        h("span", { class: "muted small", text: `${term.code} · ${dates(term.starts_on, term.ends_on)}` })),
      current ? pill(t("terms.current"), "info") : null,
      edit ? h("button", { type: "button", class: "secondary edit-term", "aria-label": t("terms.editLabel", { name: term.name }),
                           onclick: edit }, t("terms.edit")) : null),
    h("p", { class: "label small", text: t("terms.windows") }),
    windowList(term.windows));
}

/** The form of a new term (`term` null) or of an existing one (its code and so its season stay). */
function editor(ctx, term) {
  const season = h("select", { name: "season", disabled: Boolean(term) },
    ["autumn", "spring"].map((s) => h("option", { value: s, selected: s === (term?.season ?? "autumn") }, t(`terms.seasons.${s}`))));
  const name = h("input", { name: "name", value: term?.name ?? "", maxlength: 100, autocomplete: "off" });
  const starts = h("input", { type: "date", name: "starts_on", value: term?.starts_on ?? "" });
  const ends = h("input", { type: "date", name: "ends_on", value: term?.ends_on ?? "" });
  const year = h("p", { class: "muted small", id: "term-year" });
  const preview = h("div", { class: "windows-preview" });
  const error = h("p", { class: "error", role: "alert", id: "term-error" });
  const values = () => ({ season: season.value, name: name.value, starts_on: starts.value, ends_on: ends.value });
  // The school year and the windows the server will derive, while the dates are typed.
  const update = () => {
    year.textContent = starts.value ? t("terms.schoolYear", { year: termRequest(values()).body.school_year }) : "";
    preview.replaceChildren(starts.value && ends.value ? windowList(termWindows(starts.value, ends.value)) : "");
  };
  for (const input of [season, starts, ends]) input.addEventListener("change", update);
  update();
  const title = term ? t("terms.editTitle", { code: term.code }) : t("terms.addTitle");
  const dialog = h("dialog", { class: "sheet term-editor", "aria-labelledby": "term-editor-h" });
  const form = h("form", { class: "form", id: "term-form" },
    h("h3", { id: "term-editor-h", text: title }),
    field(t("terms.season"), season), year, field(t("terms.name"), name),
    h("div", { class: "row" }, field(t("terms.startsOn"), starts), field(t("terms.endsOn"), ends)),
    preview, error,
    h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("cancel")),
      h("button", { type: "submit", class: "primary", id: "save-term" }, t("terms.save"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!name.value.trim() || !starts.value || !ends.value) { error.textContent = t("terms.nameRequired"); return; }
    const { code, body } = termRequest(values(), term?.code);
    try {
      await api(`/terms/${code}`, { method: "PUT", body });
      dialog.close();
      toast(t("terms.saved"));
      ctx.rerender();
    } catch (failure) {
      error.textContent = errorText(failure);
    }
  });
  dialog.append(form);
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  name.focus();
}

export async function termsView(ctx) {
  let calendar;
  try { calendar = await load(ctx); } catch (error) { return h("p", { class: "notice warn", role: "alert", text: errorText(error) }); }
  // Only the top of the tree sets the one calendar of the city (the server enforces it too).
  const canEdit = !calendar.stale && ctx.user.role === "admin" && (await ownUnit(ctx.user, true).catch(() => null))?.kind === "city_bureau";
  const current = currentTerm(shanghaiDay(), calendar.terms)?.code;
  const terms = [...calendar.terms].sort((a, b) => (a.starts_on < b.starts_on ? 1 : -1));
  return h("div", { class: "terms-screen" },
    h("p", { class: "crumb" }, h("a", { href: "#/coverage", text: t("terms.back") })),
    h("div", { class: "section-head" }, h("h2", { text: t("terms.title") }),
      canEdit ? h("button", { type: "button", class: "primary", id: "add-term", onclick: () => editor(ctx, null) }, t("terms.add")) : null),
    h("p", { class: "muted", text: t("terms.intro") }),
    calendar.stale ? h("p", { class: "notice warn", role: "status", text: t("terms.offline") })
      : canEdit ? null : h("p", { class: "notice info", text: t("terms.readOnly") }),
    terms.length ? h("ul", { class: "cards", id: "terms" }, terms.map((term) =>
      termCard(term, term.code === current, canEdit ? () => editor(ctx, term) : null)))
      : h("p", { class: "empty", text: t("terms.none") }));
}
