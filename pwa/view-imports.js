// Bulk import of schools and users (导入学校/用户), for admins: pick the kind, download the Chinese
// template, choose a file, see the server's dry run row by row (errors in Chinese), confirm, and then
// see and download the new accounts' one-time passwords, shown once. Online only: nothing is queued.
import { api, apiBlob } from "./api.js";
import { errorText, t } from "./i18n.js";
import { confirmDialog, field, h, pill, toast } from "./ui.js";

const TYPES = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv" };
const ACTION_KIND = { create: "info", update: "general", unchanged: "closed", error: "major" };

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  h("a", { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function contentType(file) {
  const ext = file.name.split(".").pop().toLowerCase();
  return TYPES[ext] || file.type || "application/octet-stream";
}

function counts(report) {
  const c = report.counts;
  return h("ul", { class: "import-counts", id: "import-counts" },
    ["rows", "create", "update", "unchanged", "error"].map((key) =>
      h("li", { class: key === "error" && c.error ? "bad" : "", dataset: { count: key } },
        h("strong", { text: String(c[key]) }), h("span", { class: "muted small", text: t(`imports.counts.${key}`) }))));
}

function rowsTable(report) {
  const users = report.kind === "users";
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("imports.rowsLabel") },
    h("table", { class: "data", id: "import-rows" },
    h("thead", {}, h("tr", {}, [t("imports.col.row"), t("imports.col.action"), t("imports.col.name"),
      users ? t("imports.col.phone") : t("imports.col.code"), t("imports.col.unit"), t("imports.col.notes")]
      .map((text) => h("th", { scope: "col", text })))),
    h("tbody", {}, report.rows.map((r) => h("tr", { class: r.action, dataset: { row: r.row } },
      h("td", { class: "num", text: String(r.row) }),
      h("td", {}, pill(t(`imports.actions.${r.action}`), ACTION_KIND[r.action])),
      h("th", { scope: "row", text: r.name ?? "" }),
      h("td", { text: (users ? r.phone : r.code) ?? "" }),
      h("td", { text: r.unit ?? "" }),
      h("td", {}, r.errors.length
        ? h("ul", { class: "import-errors" }, r.errors.map((e) => h("li", { class: "error", text: e.message_zh })))
        : r.changes.length ? t("imports.changes", { fields: r.changes.map((f) => t(`imports.fields.${f}`)).join("、") }) : ""))))));
}

function passwordsCard(report) {
  const xlsx = Uint8Array.from(atob(report.initial_passwords_xlsx), (c) => c.charCodeAt(0));
  return h("section", { class: "card", id: "import-passwords" },
    h("h3", { text: t("imports.passwords") }),
    h("p", { class: "import-note", role: "note", text: t("imports.passwordsOnce") }),
    h("button", { type: "button", id: "import-passwords-download",
                  onclick: () => saveBlob(new Blob([xlsx], { type: TYPES.xlsx }), "初始密码.xlsx") }, t("imports.downloadPasswords")),
    h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("imports.passwords") }, h("table", { class: "data" },
      h("thead", {}, h("tr", {}, [t("imports.col.name"), t("imports.col.phone"), t("imports.col.unit"), t("imports.col.username"),
        t("imports.col.password")].map((text) => h("th", { scope: "col", text })))),
      h("tbody", {}, report.initial_passwords.map((p) => h("tr", {},
        h("th", { scope: "row", text: p.name }), h("td", { text: p.phone }), h("td", { text: p.unit }),
        h("td", { text: p.username }), h("td", {}, h("code", { text: p.initial_password }))))))));
}

export function importsView(ctx) {
  if (ctx.user.role !== "admin") return h("p", { class: "muted", text: t("imports.adminsOnly") });
  const kind = h("select", { name: "kind", id: "import-kind" },
    ["schools", "users"].map((k) => h("option", { value: k }, t(`imports.kinds.${k}`))));
  const file = h("input", { type: "file", id: "import-file", accept: ".xlsx,.csv,text/csv," + TYPES.xlsx });
  const result = h("div", { id: "import-result", "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert", id: "import-error" });
  const busy = (button, on) => { button.disabled = on; button.setAttribute("aria-busy", String(on)); };

  async function send(dryRun) {
    const chosen = file.files[0];
    if (!chosen) { error.textContent = t("imports.pickFile"); return null; }
    error.textContent = "";
    return api(`/imports?kind=${kind.value}&dry_run=${dryRun}`,
      { method: "POST", raw: chosen, contentType: contentType(chosen), timeoutMs: 180000 });
  }

  const check = h("button", { type: "button", id: "import-check", onclick: async () => {
    busy(check, true);
    result.replaceChildren();
    try {
      const report = await send(true);
      if (report) showDryRun(report);
    } catch (e) { error.textContent = errorText(e); } finally { busy(check, false); }
  } }, t("imports.check"));

  function showDryRun(report) {
    const writes = report.counts.create + report.counts.update;
    const confirm = h("button", { type: "button", id: "import-confirm", disabled: Boolean(report.counts.error) || !writes,
      onclick: async () => {
        if (!(await confirmDialog(t("imports.confirmQuestion", { create: report.counts.create, update: report.counts.update }),
          t("imports.confirm")))) return;
        busy(confirm, true);
        try {
          const done = await send(false);
          if (done) showDone(done);
        } catch (e) { error.textContent = errorText(e); busy(confirm, false); }
      } }, t("imports.confirm"));
    const hint = report.counts.error ? t("imports.fixErrors") : writes ? t("imports.readyHint") : t("imports.nothingToDo");
    result.replaceChildren(...[
      h("h3", { text: t("imports.dryRunTitle") }), counts(report),
      h("p", { class: report.counts.error ? "error" : "muted", id: "import-hint", text: hint }),
      report.rows_omitted ? h("p", { class: "muted small", text: t("imports.omitted", { n: report.rows_omitted }) }) : null,
      report.ignored_columns.length ? h("p", { class: "muted small", text: t("imports.ignored", { cols: report.ignored_columns.join("、") }) }) : null,
      h("div", { class: "row" }, confirm),
      rowsTable(report)].filter(Boolean));
  }

  function showDone(report) {
    toast(t("imports.done"));
    file.value = "";
    result.replaceChildren(...[
      h("h3", { id: "import-done", text: t("imports.doneTitle") }), counts(report),
      report.initial_passwords?.length ? passwordsCard(report) : null,
      rowsTable(report)].filter(Boolean));
  }

  const template = h("button", { type: "button", class: "secondary", id: "import-template", onclick: async () => {
    try {
      saveBlob(await apiBlob(`/imports/template?kind=${kind.value}`), `${t(`imports.kinds.${kind.value}`)}模板.xlsx`);
    } catch (e) { toast(errorText(e)); }
  } }, t("imports.template"));
  kind.addEventListener("change", () => result.replaceChildren());
  file.addEventListener("change", () => { result.replaceChildren(); error.textContent = ""; });

  return h("div", { class: "imports" },
    h("h2", { text: t("imports.title") }),
    ctx.online ? null : h("p", { class: "import-note", text: t("imports.needsNetwork") }),
    h("p", { class: "muted", text: t("imports.intro") }),
    h("div", { class: "card" },
      field(t("imports.kind"), kind),
      h("div", { class: "row" }, template),
      field(t("imports.file"), file, t("imports.limits")),
      h("div", { class: "row" }, check),
      error),
    result);
}
