// Sign-in. When the session ran out with writes still queued, says so: they are kept and sent after.
import { api, ApiError, token } from "./api.js";
import { all, kvGet, kvSet } from "./db.js";
import { errorText, t } from "./i18n.js";
import { field, h } from "./ui.js";

export async function loginView(ctx) {
  const queued = (await all("outbox")).length;
  const expired = await kvGet("authNeeded");
  const error = h("p", { id: "login-error", class: "error", role: "alert" });
  const user = await kvGet("user");
  const form = h("form", { id: "login", class: "card login", novalidate: true },
    h("div", { class: "login-lang" }, h("button", { type: "button", id: "login-lang", onclick: () => ctx.toggleLang() }, t("switchLang"))),
    h("img", { src: "icons/icon.svg", alt: "", width: 72, height: 72, class: "logo" }),
    h("h1", { text: t("appName") }),
    h("p", { class: "muted center", text: t("appTagline") }),
    expired && queued ? h("p", { class: "notice warn", role: "status", text: t("sessionExpired", { n: queued }) }) : null,
    field(t("username"), h("input", { name: "username", autocomplete: "username", required: true, autocapitalize: "none",
                                      value: expired && user ? user.username : "" })),
    field(t("password"), h("input", { name: "password", type: "password", autocomplete: "current-password", required: true })),
    h("button", { type: "submit", class: "primary block" }, t("signIn")),
    error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    error.textContent = "";
    if (!data.get("username") || !data.get("password")) { error.textContent = t("fillBoth"); return; }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const result = await api("/auth/login", { method: "POST", body: { username: data.get("username"), password: data.get("password") } });
      await token.set(result.token);
      if (result.must_change_password) {
        form.replaceWith(choosePasswordForm(ctx, result, data.get("password")));
        return;
      }
      const previous = await kvGet("user");
      await kvSet("user", { ...(previous?.id === result.user.id ? previous : {}), ...result.user });
      await kvSet("authNeeded", false);
      await ctx.signedIn();
    } catch (e) {
      if (e instanceof ApiError) error.textContent = e.status === 401 ? t("loginFailed") : errorText(e);
      else error.textContent = t("loginOffline");
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// An administrator set the password: the API answers nothing else until the user picks one.
function choosePasswordForm(ctx, login, current) {
  const error = h("p", { id: "password-error", class: "error", role: "alert" });
  const form = h("form", { id: "choose-password", class: "card login", novalidate: true },
    h("h1", { text: t("choosePassword") }),
    h("p", { class: "muted", text: t("choosePasswordHint") }),
    field(t("newPassword"), h("input", { name: "new", type: "password", autocomplete: "new-password", required: true, minlength: 8 })),
    field(t("repeatPassword"), h("input", { name: "again", type: "password", autocomplete: "new-password", required: true })),
    h("button", { type: "submit", class: "primary block" }, t("savePassword")),
    error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    if (data.get("new") !== data.get("again")) { error.textContent = t("passwordsDiffer"); return; }
    try {
      await api("/me/password", { method: "POST", body: { current_password: current, new_password: data.get("new") } });
      // Changing the password ends every session, this one too: sign in with the new one.
      const fresh = await api("/auth/login", { method: "POST", body: { username: login.user.username, password: data.get("new") } });
      await token.set(fresh.token);
      await kvSet("user", fresh.user);
      await kvSet("authNeeded", false);
      await ctx.signedIn();
    } catch (e) {
      error.textContent = e instanceof ApiError ? errorText(e) : t("loginOffline");
    }
  });
  return form;
}
