// The dashboard's table of child units (counties under the city, schools under a county): sortable by
// every column (header buttons, aria-sort), unit names drill down, numbers open the hazards they count.
import { dashboardHref, hazardsHref, sortRows } from "./dashboard.js";
import { t } from "./i18n.js";
import { h } from "./ui.js";

const COLUMNS = ["name", "open", "overdue", "found", "closed"];
let sorted = { key: "overdue", dir: "desc" }; // kept while drilling down, like a spreadsheet's sort

function filtersFor(key, row, d) {
  const unit = { org_unit_id: row.org_unit_id };
  if (key === "open") return { ...unit, closed: false };
  if (key === "overdue") return { ...unit, overdue: true };
  if (key === "found") return { ...unit, found_from: d.period_from, found_to: d.period_to };
  return { ...unit, closed_from: d.period_from, closed_to: d.period_to };
}

export function unitsTable(d, state) {
  const body = h("tbody");
  const head = h("tr");
  const draw = () => {
    head.replaceChildren(...COLUMNS.map((key) => {
      const active = sorted.key === key;
      return h("th", { scope: "col", class: key === "name" ? null : "num", "aria-sort": active ? (sorted.dir === "asc" ? "ascending" : "descending") : null },
        h("button", { type: "button", class: "sort", dataset: { sort: key }, onclick: () => {
          sorted = { key, dir: active && sorted.dir === "desc" ? "asc" : active ? "desc" : key === "name" ? "asc" : "desc" };
          draw();
        } }, t(`dash.col.${key}`), h("span", { class: "sort-mark", "aria-hidden": "true", text: active ? (sorted.dir === "asc" ? "▲" : "▼") : "↕" })));
    }));
    body.replaceChildren(...sortRows(d.by_unit, sorted.key, sorted.dir).map((row) => h("tr", { class: row.overdue ? "late" : null },
      h("th", { scope: "row" }, h("a", { href: dashboardHref({ ...state, unit: row.org_unit_id }), class: "drill", text: row.name })),
      COLUMNS.slice(1).map((key) => h("td", { class: "num" }, row[key]
        ? h("a", { href: hazardsHref(filtersFor(key, row, d), `${row.name} · ${t(`dash.col.${key}`)}`), text: row[key] })
        : h("span", { class: "zero", text: "0" }))))));
  };
  draw();
  return h("section", { class: "card dash-card units", id: "units", "aria-labelledby": "units-h" },
    h("h3", { id: "units-h", text: t(d.org_unit_kind === "city_bureau" ? "dash.byCounty" : "dash.bySchool") }),
    h("div", { class: "table-scroll" }, h("table", { class: "data sortable", id: "units-table" },
      h("caption", { class: "visually-hidden", text: t("dash.sortHint") }), h("thead", {}, head), body)));
}
