// The outbox: what waits for the network, the last sync, errors in words, retry, discard, sync now.
// The account (who, language, sign out) lives here too.
import { api, token } from "./api.js";
import { get, kvGet, kvSet } from "./db.js";
import { errorText, t } from "./i18n.js";
import { counts } from "./outbox.js";
import { discardOp, pendingOps, retryOp } from "./sync.js";
import { confirmDialog, formatTime, h, pill, toast } from "./ui.js";

function opTitle(op) {
  if (op.type === "photo") return t("opPhoto");
  return `${t(`opTypes.${op.type}`)}${op.label ? ` · ${op.label}` : ""}`;
}

function opState(op, blocked) {
  if (op.state === "conflict") return [t("stateConflict"), "conflict"];
  if (op.state === "failed") return [t("stateFailed"), "conflict"];
  if (blocked) return [t("stateBlocked"), "pending"];
  if (op.error && op.nextAt > Date.now()) return [t("stateRetryAt", { time: formatTime(op.nextAt) }), "pending"];
  return [t("stateWaiting"), "pending"];
}

export async function outboxView(ctx) {
  const ops = await pendingOps();
  const c = counts(ops);
  const lastSync = await kvGet("lastSync");
  const authNeeded = await kvGet("authNeeded");
  const ids = new Set(ops.map((o) => o.id));
  const list = h("ul", { class: "cards", id: "outbox-list" });
  for (const op of ops) {
    const [label, kind] = opState(op, op.after && ids.has(op.after));
    let thumb = null;
    if (op.type === "photo") {
      const photo = await get("photos", op.sha);
      if (photo?.blob) thumb = h("img", { src: URL.createObjectURL(photo.blob), alt: "", width: 48, height: 48, class: "op-thumb" });
    }
    const held = op.state === "conflict" || op.state === "failed";
    list.append(h("li", { class: `card op ${held ? "held" : ""}`, dataset: { type: op.type, state: op.state } },
      h("div", { class: "op-main" }, thumb,
        h("div", {}, h("strong", { text: opTitle(op) }), h("div", {}, pill(label, kind)),
          op.error ? h("p", { class: held ? "error small" : "muted small", text: errorText(op.error) }) : null)),
      held ? h("div", { class: "row" },
        h("button", { type: "button", class: "secondary", onclick: async () => {
          if (await confirmDialog(t("discardConfirm"), t("discard"))) { await discardOp(op.id); ctx.rerender(); }
        } }, t("discard")),
        h("button", { type: "button", class: "primary", onclick: async () => {
          try { await retryOp(op.id); ctx.requestSync(true); } catch (e) { toast(errorText(e)); }
        } }, t("retry"))) : null));
  }
  const summary = c.total
    ? t("pendingSummary", { i: c.inspections, p: c.photos, r: c.proofs })
    : t("allSynced");
  return h("div", { class: "outbox" },
    h("div", { class: "hero" },
      h("h2", { id: "outbox-title", text: c.total ? t("outboxWaiting", { n: c.total }) : t("outboxEmpty") }),
      h("p", { id: "outbox-summary", text: summary }),
      h("p", { class: "small", text: `${t("lastSync")}: ${formatTime(lastSync)} · ${ctx.online ? t("online") : t("offline")}` }),
      authNeeded ? h("p", { class: "notice warn", role: "alert" }, t("authNeeded"), " ",
        h("a", { href: "#/login", class: "button secondary", id: "relogin" }, t("signInAgain"))) : null,
      h("button", { type: "button", class: "primary block", id: "sync-now", disabled: !c.total,
                    onclick: () => ctx.requestSync(true) }, t("syncNow"))),
    c.held ? h("p", { class: "notice warn", text: t("heldExplain", { n: c.held }) }) : null,
    list,
    h("section", { class: "group account", "aria-labelledby": "account-h" },
      h("h2", { id: "account-h", text: t("account") }),
      h("p", { id: "who", text: `${ctx.user.name} · ${t(`roles.${ctx.user.role}`)} · ${ctx.user.org_unit_name ?? ""}` }),
      h("div", { class: "row" },
        h("button", { type: "button", class: "secondary", id: "lang-switch", onclick: () => ctx.toggleLang() }, t("switchLang")),
        h("button", { type: "button", class: "secondary", id: "logout", onclick: async () => {
          if (c.total && !(await confirmDialog(t("logoutPending", { n: c.total }), t("signOut")))) return;
          await api("/auth/logout", { method: "POST" }).catch(() => {});
          await token.clear();
          await kvSet("authNeeded", false);
          ctx.signedOut();
        } }, t("signOut")))));
}
