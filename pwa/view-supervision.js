// Supervision plans (督查计划, 第十六条): the bureau's office plans general or special supervision of
// the schools below it; assigned inspectors see their targets and start the inspection from here.
// Planning is desk work and needs the network; the field work itself goes through the outbox.
import { api, saveFile } from "./api.js";
import { schools } from "./data.js";
import { errorText, t } from "./i18n.js";
import { isoWithOffset } from "./terms.js";
import { confirmDialog, field, h, pill, toast, uuid } from "./ui.js";

const KINDS = ["supervision_general", "supervision_special"];
const isPlanner = (user) => ["admin", "inspector"].includes(user.role); // bureau staff: schools do not plan supervision

function failure(error) {
  return h("p", { class: "notice warn", role: "alert", text: `${t("supervision.needsNetwork")} ${errorText(error)}` });
}

function planCard(plan) {
  return h("li", { class: "card" }, h("a", { class: "card-link", href: `#/supervision/${plan.id}` },
    h("span", { class: "meta" }, pill(t(`inspectionKinds.${plan.kind}`), "info"),
      plan.cancelled_reason ? pill(t("supervision.cancelled"), "overdue") : pill(t("supervision.progress", { done: plan.done, n: plan.total }),
        plan.done === plan.total ? "closed" : "submitted")),
    h("strong", { text: plan.title }),
    h("span", { class: "muted", text: `${plan.org_unit_name} · ${plan.starts_on} — ${plan.ends_on}` })));
}

export async function supervisionView(ctx) {
  const year = isoWithOffset().slice(0, 4);
  let plans, mine;
  try {
    [plans, mine] = await Promise.all([api(`/supervision-plans?year=${year}`),
      ctx.user.role === "inspector" ? api("/supervision-plans?assigned_to_me=true") : Promise.resolve([])]);
  } catch (error) {
    return h("div", {}, h("a", { href: "#/responsibility", class: "back" }, t("back")), failure(error));
  }
  return h("div", { class: "supervision" },
    h("a", { href: "#/responsibility", class: "back" }, t("back")),
    h("h2", { text: t("supervision.title") }),
    isPlanner(ctx.user) ? h("a", { class: "button primary block", id: "new-plan", href: "#/supervision/new" }, t("supervision.new")) : null,
    h("button", { type: "button", class: "secondary", id: "export-plans", onclick: () =>
      saveFile(`/supervision-plans/export.xlsx?year=${year}`, `督查计划-${year}.xlsx`).catch((error) => toast(errorText(error))) },
    t("supervision.export")),
    mine.length ? h("section", { class: "group", "aria-labelledby": "mine-h" },
      h("h3", { id: "mine-h", text: t("supervision.mine", { n: mine.length }) }),
      h("ul", { class: "cards", id: "my-plans" }, mine.map(planCard))) : null,
    h("section", { class: "group", "aria-labelledby": "plans-h" },
      h("h3", { id: "plans-h", text: t("supervision.plans", { year, n: plans.length }) }),
      plans.length ? h("ul", { class: "cards", id: "plans" }, plans.map(planCard))
        : h("p", { class: "empty", text: t("supervision.none") })));
}

export async function planView(ctx, planId) {
  let plan;
  try {
    plan = await api(`/supervision-plans/${planId}`);
  } catch (error) {
    return h("div", {}, h("a", { href: "#/supervision", class: "back" }, t("back")), failure(error));
  }
  const assigned = plan.inspectors.some((i) => i.user_id === ctx.user.id);
  const planner = isPlanner(ctx.user) && plan.org_unit_id === ctx.user.org_unit_id && !plan.cancelled_reason;
  const cancel = async () => {
    const reason = document.querySelector("#cancel-reason").value.trim();
    if (!reason) { toast(t("supervision.reasonRequired")); return; }
    if (!(await confirmDialog(t("supervision.cancelConfirm"), t("supervision.cancel")))) return;
    try {
      await api(`/supervision-plans/${plan.id}/cancellation`, { method: "POST", body: { base_version: plan.version, reason } });
      ctx.rerender();
    } catch (error) { toast(errorText(error)); }
  };
  return h("div", { class: "supervision" },
    h("a", { href: "#/supervision", class: "back" }, t("back")),
    h("h2", { text: plan.title }),
    h("p", { class: "meta" }, pill(t(`inspectionKinds.${plan.kind}`), "info"),
      h("span", { class: "muted", text: `${plan.org_unit_name} · ${plan.starts_on} — ${plan.ends_on}` })),
    plan.topic ? h("p", { text: plan.topic }) : null,
    plan.cancelled_reason ? h("p", { class: "notice warn", text: t("supervision.cancelledBecause", { reason: plan.cancelled_reason }) }) : null,
    h("p", { class: "muted", text: `${t("supervision.inspectors")}：${plan.inspectors.map((i) => i.name).join("、") || "—"}` }),
    h("section", { class: "group", "aria-labelledby": "targets-h" },
      h("h3", { id: "targets-h", text: t("supervision.progress", { done: plan.done, n: plan.total }) }),
      h("ul", { class: "cards", id: "targets" }, plan.targets.map((target) => h("li", { class: "card target", dataset: { status: target.status } },
        h("span", { class: "meta" }, pill(t(`supervision.statuses.${target.status}`),
          { done: "closed", pending: "submitted", missed: "overdue" }[target.status])),
        h("strong", { text: target.school_name }),
        target.done_on ? h("span", { class: "muted", text: `${target.done_on} · ${target.inspector_name ?? ""}` }) : null,
        assigned && target.status === "pending"
          ? h("a", { class: "button secondary", href: `#/start/${target.school_id}/${plan.kind}` }, t("supervision.start")) : null)))),
    planner ? h("details", { class: "group" }, h("summary", { text: t("supervision.cancel") }),
      field(t("supervision.reason"), h("textarea", { id: "cancel-reason", rows: 2, maxlength: 4000 })),
      h("button", { type: "button", class: "danger", id: "cancel-plan", onclick: cancel }, t("supervision.cancel"))) : null);
}

export async function newPlanView(ctx) {
  let inspectors = [];
  try { inspectors = await api("/supervision-plans/inspectors"); } catch (error) { return failure(error); }
  const targets = (await schools()).filter((s) => s.id !== ctx.user.org_unit_id);
  const today = isoWithOffset().slice(0, 10);
  const c = { kind: h("select", { name: "kind" }, KINDS.map((k) => h("option", { value: k }, t(`inspectionKinds.${k}`)))),
    title: h("input", { name: "title", maxlength: 200 }), topic: h("textarea", { name: "topic", rows: 2, maxlength: 4000 }),
    starts: h("input", { type: "date", name: "starts_on", value: today }), ends: h("input", { type: "date", name: "ends_on" }) };
  const filter = h("input", { type: "search", placeholder: t("searchSchools"), "aria-label": t("searchSchools") });
  const boxes = targets.map((s) => h("label", { class: "choice", dataset: { name: s.name } },
    h("input", { type: "checkbox", name: "target", value: s.id }), h("span", { text: s.name })));
  filter.addEventListener("input", () => boxes.forEach((b) => { b.hidden = !b.dataset.name.includes(filter.value.trim()); }));
  const people = inspectors.map((i) => h("label", { class: "choice" }, h("input", { type: "checkbox", name: "inspector", value: i.user_id }),
    h("span", { text: `${i.name} · ${i.org_unit_name}` })));
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card form", id: "plan-form" },
    h("h2", { text: t("supervision.new") }), field(t("supervision.kind"), c.kind), field(t("supervision.planTitle"), c.title),
    field(t("supervision.topic"), c.topic), field(t("supervision.starts"), c.starts), field(t("supervision.ends"), c.ends),
    h("fieldset", { class: "plain" }, h("legend", { class: "label", text: t("supervision.targets") }), filter,
      h("div", { class: "choices scroll" }, boxes)),
    h("fieldset", { class: "plain" }, h("legend", { class: "label", text: t("supervision.inspectors") }), h("div", { class: "choices" }, people)),
    error, h("button", { type: "submit", class: "primary block" }, t("supervision.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
    if (!c.title.value.trim() || !c.starts.value || !c.ends.value) { error.textContent = t("supervision.fill"); return; }
    if (!chosen("target").length) { error.textContent = t("supervision.pickTargets"); return; }
    const id = uuid();
    try {
      await api(`/supervision-plans/${id}`, { method: "PUT", body: { kind: c.kind.value, title: c.title.value.trim(),
        topic: c.topic.value.trim() || null, starts_on: c.starts.value, ends_on: c.ends.value,
        targets: chosen("target"), inspectors: chosen("inspector") } });
      location.hash = `#/supervision/${id}`;
    } catch (failed) { error.textContent = errorText(failed); }
  });
  return h("div", {}, h("a", { href: "#/supervision", class: "back" }, t("back")), form);
}
