// Supervision orders (督办) where they show: on the hazard, in the school's home, on the dashboard.
import { t } from "./i18n.js";
import { h } from "./ui.js";

export function formatDate(iso) {
  return iso ? new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }).slice(0, 16) : "";
}

function orderItem(order, withHazard) {
  return h("li", { class: `order ${order.status}` },
    withHazard ? h("a", { href: `#/hazard/${order.hazard_id}`, text: `${order.school_name}：${order.hazard_description}` }) : null,
    h("p", { text: t("notices.order", { issuer: order.issuer_name, requirement: order.requirement }) }),
    h("small", { text: order.status === "closed" ? t("notices.orderClosed")
      : t("notices.orderDue", { due: order.due_on, supervisor: order.supervisor }) }));
}

/** A block listing orders; `withHazard` links each to its hazard (home, dashboard). Null when none. */
export function ordersBlock(orders, { withHazard = false } = {}) {
  if (!orders?.length) return null;
  return h("section", { class: "orders", "aria-label": t("notices.orders") },
    h("h2", { text: withHazard ? t("notices.ordersOpen", { n: orders.length }) : t("notices.orders") }),
    h("ul", {}, ...orders.map((o) => orderItem(o, withHazard))));
}
