// Management (管理): org units, users and the checklist library, for admins, within their scope.
// Desktop-friendly and usable on a phone; online only (the server decides scope and answers refusals,
// shown in words). Routes: #/admin, #/admin/units, #/admin/users, #/admin/checklists, #/admin/checklist/<code>.
import { api } from "./api.js";
import { ownUnit } from "./data.js";
import { errorText, t } from "./i18n.js";
import { confirmDialog, field, h, pill, toast } from "./ui.js";

const ROLES = ["admin", "bureau_viewer", "inspector", "principal", "school_officer"];
const SCHOOL_TYPES = ["kindergarten", "primary", "junior", "senior", "nine_year", "vocational", "special", "private", "training_institution"];
const back = () => h("p", { class: "crumb" }, h("a", { href: "#/admin", text: t("admin.back") }));
const offline = () => h("p", { class: "notice warn", role: "status", text: t("admin.needsNetwork") });
const failed = (error) => h("p", { class: "notice warn", role: "alert", text: errorText(error) });
const options = (values, label, selected) => values.map((v) => h("option", { value: v, selected: v === selected }, label(v)));
const when = (iso) => (iso ? new Date(iso).toLocaleString() : t("admin.never"));

/** Run an action; its refusal goes into `error` (a <p role=alert>) in words; true when it succeeded. */
async function attempt(error, action) {
  error.textContent = "";
  try { await action(); return true; } catch (failure) { error.textContent = errorText(failure); return false; }
}

/** A modal form: `build(form)` returns the fields; `submit()` throws to keep the dialog open. */
function sheet(title, fields, submit) {
  const error = h("p", { class: "error", role: "alert" });
  const dialog = h("dialog", { class: "sheet admin-sheet", "aria-label": title });
  const form = h("form", { class: "form" }, h("h3", { text: title }), fields, error,
    h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("cancel")),
      h("button", { type: "submit", class: "primary" }, t("admin.save"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await attempt(error, submit)) dialog.close();
  });
  dialog.append(form);
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

export async function adminView(ctx) {
  const city = (await ownUnit(ctx.user, ctx.online).catch(() => null))?.kind === "city_bureau";
  const parts = [["#/admin/units", "admin.units", "admin.unitsNote"], ["#/admin/users", "admin.users", "admin.usersNote"],
    ["#/admin/checklists", "admin.checklists", city ? "admin.checklistsNote" : "admin.cityOnly"]];
  return h("div", { class: "hub" }, h("p", { class: "crumb" }, h("a", { href: "#/responsibility", text: t("hub.title") })),
    h("h2", { text: t("admin.title") }), ctx.online ? null : offline(),
    h("ul", { class: "cards", id: "admin-parts" }, parts.map(([href, title, note]) => h("li", { class: "card" },
      h("a", { class: "card-link", href }, h("strong", { text: t(title) }), h("span", { class: "muted", text: t(note) }))))));
}

// ---- Org units ----

function unitForm(ctx, units, unit) {
  const name = h("input", { name: "name", value: unit?.name ?? "", maxlength: 200, required: true });
  const code = h("input", { name: "code", value: unit?.code ?? "", maxlength: 40, disabled: Boolean(unit), pattern: "[0-9A-Za-z][0-9A-Za-z_\\-]*" });
  const kind = h("select", { name: "kind", disabled: Boolean(unit) }, options(["school", "county_bureau", "direct_unit"], (k) => t(`admin.kinds.${k}`), unit?.kind ?? "school"));
  const type = h("select", { name: "school_type" }, h("option", { value: "" }, "—"), options(SCHOOL_TYPES, (s) => t(`schoolTypes.${s}`), unit?.school_type));
  const parents = units.filter((u) => u.kind !== "school" && u.active);
  const parent = h("select", { name: "parent_id" }, parents.map((u) => h("option", { value: u.id }, u.name)));
  const address = h("input", { name: "address", value: unit?.address ?? "", maxlength: 300 });
  const fields = [field(t("admin.name"), name), field(t("admin.code"), code), unit ? null : field(t("admin.kind"), kind),
    field(t("admin.schoolType"), type), unit ? null : field(t("admin.parent"), parent), field(t("admin.address"), address)];
  sheet(unit ? t("admin.rename") : t("admin.addUnit"), fields, async () => {
    const body = { name: name.value.trim(), school_type: type.value || null, address: address.value.trim() || null };
    if (unit) await api(`/org-units/${unit.id}`, { method: "PATCH", body });
    else await api("/org-units", { method: "POST", body: { ...body, code: code.value.trim(), kind: kind.value, parent_id: parent.value } });
    toast(t("admin.saved"));
    ctx.rerender();
  });
}

function moveForm(ctx, units, unit) {
  const parents = units.filter((u) => u.kind !== "school" && u.active && u.id !== unit.parent_id);
  const parent = h("select", { name: "new_parent_id" }, parents.map((u) => h("option", { value: u.id }, u.name)));
  sheet(`${t("admin.move")}：${unit.name}`, [field(t("admin.moveTo"), parent)], async () => {
    const moved = await api(`/org-units/${unit.id}/move`, { method: "POST", body: { new_parent_id: parent.value } });
    toast(t("admin.moved", { n: moved.units_below }));
    ctx.rerender();
  });
}

export async function unitsView(ctx) {
  if (!ctx.online) return h("div", {}, back(), offline());
  let units;
  try { units = await api("/org-units"); } catch (error) { return h("div", {}, back(), failed(error)); }
  const error = h("p", { class: "error", role: "alert", id: "units-error" });
  const act = (path) => attempt(error, async () => { await api(path, { method: "POST" }); ctx.rerender(); });
  const own = ctx.user.org_unit_id;
  const row = (u) => h("li", { class: `card unit depth-${Math.min(u.depth, 3)} ${u.active ? "" : "inactive"}`, dataset: { code: u.code } },
    h("div", { class: "section-head" },
      h("div", {}, h("strong", { text: u.name }), " ", h("span", { class: "muted small", text: `${u.code} · ${t(`admin.kinds.${u.kind}`)}` }),
        u.active ? null : [" ", pill(t("admin.inactive"), "overdue")]),
      u.id === own ? null : h("div", { class: "row actions" },
        h("button", { type: "button", class: "secondary", onclick: () => unitForm(ctx, units, u) }, t("admin.rename")),
        u.kind === "school" ? h("button", { type: "button", class: "secondary", onclick: () => moveForm(ctx, units, u) }, t("admin.move")) : null,
        u.active
          ? h("button", { type: "button", class: "danger", onclick: async () => {
            if (await confirmDialog(t("admin.confirmDeactivate", { name: u.name }), t("admin.deactivate"))) await act(`/org-units/${u.id}/deactivate`);
          } }, t("admin.deactivate"))
          : h("button", { type: "button", class: "secondary", onclick: () => act(`/org-units/${u.id}/activate`) }, t("admin.activate")))));
  return h("div", { class: "admin-units" }, back(),
    h("div", { class: "section-head" }, h("h2", { text: t("admin.units") }),
      h("button", { type: "button", class: "primary", id: "add-unit", onclick: () => unitForm(ctx, units, null) }, t("admin.addUnit"))),
    error, h("ul", { class: "cards", id: "units" }, units.map(row)));
}

// ---- Users ----

function userForm(ctx, units, user) {
  const name = h("input", { name: "name", value: user?.name ?? "", maxlength: 100, required: true });
  const username = h("input", { name: "username", value: user?.username ?? "", maxlength: 64, disabled: Boolean(user), autocomplete: "off" });
  const phone = h("input", { name: "phone", value: user?.phone ?? "", type: "tel" });
  const role = h("select", { name: "role" }, options(ROLES, (r) => t(`admin.roles.${r}`), user?.role ?? "school_officer"));
  const unit = h("select", { name: "org_unit_id" }, units.map((u) => h("option", { value: u.id, selected: u.id === user?.org_unit_id }, u.name)));
  const fields = [field(t("admin.name"), name), field(t("admin.username"), username), field(t("admin.phone"), phone),
    field(t("admin.role"), role), field(t("admin.unit"), unit)];
  sheet(user ? t("admin.editUser") : t("admin.addUser"), fields, async () => {
    const body = { name: name.value.trim(), phone: phone.value.trim() || null, role: role.value, org_unit_id: unit.value };
    if (user) {
      await api(`/users/${user.id}`, { method: "PATCH", body });
      toast(t("admin.saved"));
      ctx.rerender();
    } else {
      const created = await api("/users", { method: "POST", body: { ...body, username: username.value.trim() } });
      ctx.rerender();
      showPassword(created.initial_password);
    }
  });
}

function showPassword(password) {
  if (!password) return;
  const dialog = h("dialog", { class: "sheet", "aria-label": t("admin.reset") },
    h("p", { class: "one-time", id: "one-time", text: t("admin.oneTime", { password }) }),
    h("button", { type: "button", class: "primary", onclick: () => dialog.close() }, t("ok")));
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

export async function usersView(ctx) {
  if (!ctx.online) return h("div", {}, back(), offline());
  const params = new URLSearchParams(ctx.route.split("?")[1] ?? "");
  let users, units;
  try {
    [users, units] = await Promise.all([api(`/users?${params}`), api("/org-units")]);
  } catch (error) { return h("div", {}, back(), failed(error)); }
  const unitName = Object.fromEntries(units.map((u) => [u.id, u.name]));
  const error = h("p", { class: "error", role: "alert", id: "users-error" });
  const q = h("input", { type: "search", name: "q", value: params.get("q") ?? "", placeholder: t("admin.search"), "aria-label": t("admin.search") });
  const role = h("select", { name: "role", "aria-label": t("admin.role") }, h("option", { value: "" }, t("admin.allRoles")),
    options(ROLES, (r) => t(`admin.roles.${r}`), params.get("role")));
  const search = h("form", { class: "row filters", id: "user-search", onsubmit: (event) => {
    event.preventDefault();
    const next = new URLSearchParams(Object.entries({ q: q.value.trim(), role: role.value }).filter(([, v]) => v));
    location.hash = `#/admin/users${next.size ? `?${next}` : ""}`;
  } }, q, role, h("button", { type: "submit", class: "secondary" }, t("admin.find")));
  const act = (path, after) => attempt(error, async () => { const answer = await api(path, { method: "POST" }); ctx.rerender(); after?.(answer); });
  const row = (u) => h("li", { class: `card user ${u.active ? "" : "inactive"}`, dataset: { username: u.username } },
    h("div", { class: "section-head" },
      h("div", {}, h("strong", { text: u.name }), " ", h("span", { class: "muted small", text: `${u.username} · ${t(`admin.roles.${u.role}`)} · ${unitName[u.org_unit_id] ?? ""}` }),
        u.active ? null : [" ", pill(t("admin.disabled"), "overdue")],
        h("div", { class: "muted small", text: `${t("admin.lastLogin")}：${when(u.last_login_at)}${u.phone ? ` · ${u.phone}` : ""}` })),
      h("div", { class: "row actions" },
        h("button", { type: "button", class: "secondary", onclick: () => userForm(ctx, units, u) }, t("admin.edit")),
        h("button", { type: "button", class: "secondary", onclick: async () => {
          if (await confirmDialog(t("admin.confirmReset", { name: u.name }), t("admin.reset"))) await act(`/users/${u.id}/password-reset`, (a) => showPassword(a.initial_password));
        } }, t("admin.reset")),
        h("button", { type: "button", class: u.active ? "danger" : "secondary", onclick: () => act(`/users/${u.id}/${u.active ? "disable" : "enable"}`) },
          u.active ? t("admin.disable") : t("admin.enable")))));
  return h("div", { class: "admin-users" }, back(),
    h("div", { class: "section-head" }, h("h2", { text: t("admin.users") }),
      h("button", { type: "button", class: "primary", id: "add-user", onclick: () => userForm(ctx, units, null) }, t("admin.addUser"))),
    search, error, users.length ? h("ul", { class: "cards", id: "users" }, users.map(row)) : h("p", { class: "empty", text: t("admin.noUsers") }));
}

// ---- Checklist library ----

export async function checklistsView(ctx) {
  if (!ctx.online) return h("div", {}, back(), offline());
  let all;
  try { all = await api("/checklists?all_versions=true"); } catch (error) { return h("div", {}, back(), failed(error)); }
  const latest = new Map();
  for (const c of all) if (!latest.has(c.code)) latest.set(c.code, c); // newest first per code
  return h("div", { class: "admin-checklists" }, back(), h("h2", { text: t("admin.checklists") }),
    h("ul", { class: "cards", id: "checklists" }, [...latest.values()].map((c) => h("li", { class: "card" },
      h("a", { class: "card-link", href: `#/admin/checklist/${c.code}` }, h("strong", { text: c.name }),
        h("span", { class: "muted small" }, `${c.code} · ${t("admin.version", { n: c.version })} · `, pill(t(`admin.status.${c.status}`), c.status === "published" ? "closed" : "pending")))))));
}

const ITEM_FIELDS = ["code", "category", "check", "look_at", "grade", "photo_required", "domain"];

function itemEditor(items, domains, redraw) {
  return items.map((item, i) => h("li", { class: "card item-edit", dataset: { code: item.code } },
    h("div", { class: "section-head" }, h("strong", { text: t("admin.item", { n: i + 1 }) }),
      h("div", { class: "row actions" },
        h("button", { type: "button", class: "secondary up", disabled: i === 0, onclick: () => { items.splice(i - 1, 0, items.splice(i, 1)[0]); redraw(); } }, t("admin.up")),
        h("button", { type: "button", class: "secondary down", disabled: i === items.length - 1, onclick: () => { items.splice(i + 1, 0, items.splice(i, 1)[0]); redraw(); } }, t("admin.down")),
        h("button", { type: "button", class: "danger remove", onclick: () => { items.splice(i, 1); redraw(); } }, t("admin.remove")))),
    h("div", { class: "row" },
      field(t("admin.code"), h("input", { class: "item-code", value: item.code, oninput: (e) => { item.code = e.target.value.trim(); } })),
      field(t("admin.category"), h("input", { value: item.category, oninput: (e) => { item.category = e.target.value; } }))),
    field(t("admin.check"), h("textarea", { class: "item-check", rows: 2, value: item.check, oninput: (e) => { item.check = e.target.value; } })),
    field(t("admin.lookAt"), h("textarea", { rows: 2, value: item.look_at, oninput: (e) => { item.look_at = e.target.value; } })),
    h("div", { class: "row" },
      field(t("admin.grade"), h("select", { onchange: (e) => { item.grade = e.target.value; } }, options(["general", "major"], (g) => t(`admin.grades.${g}`), item.grade))),
      field(t("admin.domain"), h("select", { onchange: (e) => { item.domain = e.target.value; } }, domains.map((d) => h("option", { value: d.code, selected: d.code === item.domain }, d.name)))),
      h("label", { class: "field check" }, h("input", { type: "checkbox", checked: item.photo_required, onchange: (e) => { item.photo_required = e.target.checked; } }), ` ${t("admin.photo")}`))));
}

function diffView(diff) {
  const fieldName = (f) => t(`admin.fields.${f}`);
  const show = (v) => (Array.isArray(v) ? v.join("、") : typeof v === "boolean" ? (v ? "✓" : "✗") : String(v ?? ""));
  const changes = (list) => h("ul", {}, list.map((c) => h("li", {}, h("span", { class: "label", text: `${fieldName(c.field)}：` }),
    h("del", { text: show(c.old) }), " → ", h("ins", { text: show(c.new) }))));
  const empty = !diff.header.length && !diff.added.length && !diff.removed.length && !diff.changed.length;
  return h("div", { class: "diff", id: "diff" },
    h("h3", { text: `${t("admin.version", { n: diff.from_version })} → ${t("admin.version", { n: diff.to_version })}` }),
    empty ? h("p", { class: "empty", text: t("admin.noDiff") }) : null,
    diff.header.length ? [h("h4", { text: t("admin.header") }), changes(diff.header)] : null,
    diff.added.length ? [h("h4", { text: t("admin.added") }), h("ul", { class: "added" }, diff.added.map((i) => h("li", { text: `${i.code} ${i.check}` })))] : null,
    diff.removed.length ? [h("h4", { text: t("admin.removed") }), h("ul", { class: "removed" }, diff.removed.map((i) => h("li", { text: `${i.code} ${i.check}` })))] : null,
    diff.changed.length ? [h("h4", { text: t("admin.changed") }), h("ul", { class: "changed" }, diff.changed.map((c) => h("li", {}, h("strong", { text: c.code }), changes(c.changes))))] : null);
}

export async function checklistEditorView(ctx, code) {
  if (!ctx.online) return h("div", {}, back(), offline());
  let versions, sections;
  try { [versions, sections] = await Promise.all([api(`/checklists/${code}/versions`), api("/sections")]); } catch (error) { return h("div", {}, back(), failed(error)); }
  const domains = sections.flatMap((s) => s.domains);
  const base = versions.find((v) => v.status === "draft") ?? versions.find((v) => v.status === "published") ?? versions[0];
  const detail = await api(`/checklists/${base.id}`);
  const draft = { name: detail.name, description: detail.description, kinds: detail.kinds, school_types: detail.school_types,
    items: detail.items.map((i) => Object.fromEntries(ITEM_FIELDS.map((f) => [f, i[f]]))) };
  const error = h("p", { class: "error", role: "alert", id: "editor-error" });
  const list = h("ol", { class: "cards items", id: "items" });
  const redraw = () => list.replaceChildren(...itemEditor(draft.items, domains, redraw));
  redraw();
  const name = h("input", { id: "checklist-name", value: draft.name, oninput: (e) => { draft.name = e.target.value; } });
  const save = async () => attempt(error, async () => {
    const saved = await api(`/checklists/${code}/versions`, { method: "POST", body: draft });
    toast(saved.created ? t("admin.newVersion", { n: saved.checklist.version }) : t("admin.sameContent", { n: saved.checklist.version }));
    ctx.rerender();
  });
  const addItem = () => { draft.items.push({ code: "", category: "", check: "", look_at: "", grade: "general", photo_required: false, domain: domains[0]?.code }); redraw(); };
  const act = (v, what) => attempt(error, async () => {
    await api(`/checklists/${v.id}/${what}`, { method: "POST" });
    toast(t(`admin.${what === "publish" ? "published" : "retired"}`, { n: v.version }));
    ctx.rerender();
  });
  const numbers = versions.map((v) => v.version);
  const from = h("select", { id: "diff-from", "aria-label": t("admin.from") }, options(numbers, (n) => t("admin.version", { n }), numbers[1] ?? numbers[0]));
  const to = h("select", { id: "diff-to", "aria-label": t("admin.to") }, options(numbers, (n) => t("admin.version", { n }), numbers[0]));
  const diffBox = h("div", { id: "diff-box" });
  const compare = () => attempt(error, async () => {
    diffBox.replaceChildren(diffView(await api(`/checklists/${code}/diff?from=${from.value}&to=${to.value}`)));
  });
  const history = h("ul", { class: "cards", id: "versions" }, versions.map((v) => h("li", { class: "card version", dataset: { version: v.version, status: v.status } },
    h("div", { class: "section-head" },
      h("div", {}, h("strong", { text: t("admin.version", { n: v.version }) }), " ", pill(t(`admin.status.${v.status}`), v.status === "published" ? "closed" : "pending"),
        h("div", { class: "muted small", text: `${new Date(v.created_at).toLocaleString()} · ${v.edited_by_name ? t("admin.editedBy", { name: v.edited_by_name }) : t("admin.fromSeed")}` })),
      h("div", { class: "row actions" },
        v.status !== "published" ? h("button", { type: "button", class: "primary publish", onclick: () => act(v, "publish") }, t("admin.publish")) : null,
        v.status !== "retired" ? h("button", { type: "button", class: "secondary retire", onclick: () => act(v, "retire") }, t("admin.retire")) : null)))));
  return h("div", { class: "admin-editor" }, h("p", { class: "crumb" }, h("a", { href: "#/admin/checklists", text: t("admin.checklists") })),
    h("h2", { text: `${detail.name}（${code}）` }),
    h("h3", { text: t("admin.versions") }), history,
    h("div", { class: "row filters" }, from, to, h("button", { type: "button", class: "secondary", id: "show-diff", onclick: compare }, t("admin.showDiff"))),
    diffBox,
    h("h3", { text: `${t("admin.edit")}：${t("admin.version", { n: base.version })}` }),
    field(t("admin.name"), name), list, error,
    h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", id: "add-item", onclick: addItem }, t("admin.addItem")),
      h("button", { type: "button", class: "primary", id: "save-version", onclick: save }, t("admin.saveVersion"))));
}
