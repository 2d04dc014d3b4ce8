// The inbox (#/inbox): what waits for me, newest first; each notice opens its record.
import { formatDate } from "./view-orders.js";
import { cachedNotices, markRead, refreshNotices } from "./notices.js";
import { t } from "./i18n.js";
import { h } from "./ui.js";

export async function inboxView(ctx) {
  let items = await cachedNotices();
  if (ctx.online) {
    try { items = await refreshNotices(); } catch { /* offline or refused: the last sync's list */ }
  }
  const unread = items.filter((n) => !n.read_at);
  const open = async (notice) => {
    await markRead([notice.id]);
    ctx.requestSync();
  };
  const list = items.length
    ? h("ul", { class: "inbox" }, ...items.map((n) => h("li", { class: n.read_at ? "read" : "unread" },
      h("a", { href: n.link ?? "#/inbox", class: "inbox-item", onclick: () => open(n) },
        h("strong", { class: "inbox-title", text: n.title || t(`notices.kinds.${n.kind}`) }),
        h("span", { class: "inbox-body", text: n.body }),
        h("small", { text: formatDate(n.created_at) + (n.read_at ? "" : ` · ${t("notices.unread")}`) })))))
    : h("p", { class: "notice", text: t("notices.empty") });
  const all = unread.length
    ? h("button", { type: "button", class: "secondary", onclick: async () => { await markRead(unread.map((n) => n.id)); ctx.requestSync(); ctx.rerender(); } },
      t("notices.markAll"))
    : null;
  return h("section", { class: "screen" },
    h("h1", { text: t("notices.title") }),
    h("p", { class: "muted", text: t("notices.count", { n: unread.length }) }), all, list);
}
