// The responsibility system's home (安全工作责任制): one entry per part of the measures, so the
// tab bar stays short on phones. Each part adds its entry here with the roles that use it.
import { t } from "./i18n.js";
import { h } from "./ui.js";

const ALL = ["admin", "bureau_viewer", "inspector", "principal", "school_officer"];

// [route, title key, article key, roles]
// In the order of the measures: duties (第七条), supervision (第十六条), drills and incidents, the annual
// report (第十四条), then accountability and commendation (第十七条 on).
const SECTIONS = [
  ["#/duty", "hub.duty", "hub.dutyNote", ALL],
  ["#/supervision", "hub.supervision", "hub.supervisionNote", ["admin", "bureau_viewer", "inspector"]],
  ["#/records", "hub.records", "hub.recordsNote", ALL],
  ["#/reports", "hub.reports", "hub.reportsNote", ALL],
  // Principals see the decided cases and approved commendations about their school, and its ratings.
  ["#/accountability", "hub.accountability", "hub.accountabilityNote", ["admin", "bureau_viewer", "inspector", "principal"]],
  // Management of units, users and the checklist library (admins, in their scope).
  ["#/admin", "admin.title", "admin.hubNote", ["admin"]],
  // Administration: bulk import of schools and accounts (issue #7).
  ["#/imports", "hub.imports", "hub.importsNote", ["admin"]],
];

export function responsibilityView(ctx) {
  const mine = SECTIONS.filter(([, , , roles]) => roles.includes(ctx.user.role));
  return h("div", { class: "hub" },
    h("h2", { text: t("hub.title") }),
    h("ul", { class: "cards", id: "hub" }, mine.map(([href, title, note]) => h("li", { class: "card" },
      h("a", { class: "card-link", href }, h("strong", { text: t(title) }), h("span", { class: "muted", text: t(note) }))))));
}
