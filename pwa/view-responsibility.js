// The responsibility system's home (安全工作责任制): one entry per part of the measures, so the
// tab bar stays short on phones. Each part adds its entry here with the roles that use it.
import { t } from "./i18n.js";
import { h } from "./ui.js";

const ALL = ["admin", "bureau_viewer", "inspector", "principal", "school_officer"];

// [route, title key, article key, roles]
const SECTIONS = [
  ["#/reports", "hub.reports", "hub.reportsNote", ALL],
  ["#/duty", "hub.duty", "hub.dutyNote", ALL],
];

export function responsibilityView(ctx) {
  const mine = SECTIONS.filter(([, , , roles]) => roles.includes(ctx.user.role));
  return h("div", { class: "hub" },
    h("h2", { text: t("hub.title") }),
    h("ul", { class: "cards", id: "hub" }, mine.map(([href, title, note]) => h("li", { class: "card" },
      h("a", { class: "card-link", href }, h("strong", { text: t(title) }), h("span", { class: "muted", text: t(note) }))))));
}
