// Placeholder shell: sign in, then the org tree of the user's scope. The field app replaces it.
import { api, ApiError, token } from "./api.js";
import { currentLang, setLang, t } from "./i18n.js";

const $ = (selector) => document.querySelector(selector);
let units = [];
let me = null;

function renderWho() {
  $("#who").textContent = me ? `${me.name} · ${t(`roles.${me.role}`)} · ${me.org_unit_name}` : "";
}

function renderTree(filter = "") {
  const byParent = new Map();
  for (const unit of units) {
    const list = byParent.get(unit.parent_id) ?? [];
    list.push(unit);
    byParent.set(unit.parent_id, list);
  }
  const ids = new Set(units.map((u) => u.id));
  const roots = units.filter((u) => !ids.has(u.parent_id));
  const matches = (unit) => unit.name.includes(filter) || (byParent.get(unit.id) ?? []).some(matches);
  const build = (unit) => {
    const li = document.createElement("li");
    li.dataset.kind = unit.kind;
    const label = document.createElement("span");
    label.textContent = unit.name;
    const kind = document.createElement("small");
    kind.textContent = ` ${t(`kinds.${unit.kind}`)}`;
    li.append(label, kind);
    const children = (byParent.get(unit.id) ?? []).filter(matches);
    if (children.length) {
      const ul = document.createElement("ul");
      ul.append(...children.map(build));
      li.append(ul);
    }
    return li;
  };
  $("#tree").replaceChildren(...roots.filter(matches).map(build));
}

async function showHome() {
  me = await api("/me");
  renderWho();
  units = await api("/org-units");
  renderTree();
  $("#login").hidden = true;
  $("#home").hidden = false;
}

function showLogin() {
  $("#home").hidden = true;
  $("#login").hidden = false;
}

async function start() {
  setLang(currentLang());
  $("#lang").addEventListener("click", () => {
    setLang(currentLang() === "zh" ? "en" : "zh");
    renderWho();
    renderTree($("#filter").value.trim());
  });
  $("#filter").addEventListener("input", (e) => renderTree(e.target.value.trim()));
  $("#login").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    $("#login-error").textContent = "";
    try {
      const result = await api("/auth/login", { method: "POST", body: { username: form.get("username"), password: form.get("password") } });
      token.set(result.token);
      await showHome();
    } catch (error) {
      $("#login-error").textContent = error instanceof ApiError ? (error.status === 401 ? t("loginFailed") : error.message) : t("networkError");
    }
  });
  $("#logout").addEventListener("click", async () => {
    await api("/auth/logout", { method: "POST" }).catch(() => {});
    token.clear();
    units = [];
    me = null;
    showLogin();
  });
  if (!token.get()) return showLogin();
  try {
    await showHome();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) token.clear();
    showLogin();
  }
}

start();
