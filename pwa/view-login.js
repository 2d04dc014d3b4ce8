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
