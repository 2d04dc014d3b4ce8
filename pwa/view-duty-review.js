// The half-year review of a responsibility list (每半年组织一次检查考核) by a unit above: a score
// 0–100 and a comment per item; and the leader's year-end duty report (述职, 第十三条) to print.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { field, h, pill } from "./ui.js";
import { act, failure, statusPill } from "./view-duty.js";
import { openPrintable } from "./view-reports.js";

export async function dutyReviewView(ctx, listId, half) {
  let list;
  try {
    list = await api(`/duty-lists/${listId}`);
  } catch (error) {
    return h("div", {}, h("a", { href: "#/duty", class: "back" }, t("back")), failure(error));
  }
  const back = h("a", { href: `#/duty-list/${list.id}`, class: "back" }, t("back"));
  const heading = h("h2", { text: t("duty.reviewHeading", { half: t(`duty.h${half}`), name: list.leader.name, year: list.year }) });
  if (!list.reviewable_halves.includes(Number(half))) {
    return h("div", { class: "duty" }, back, heading, h("p", { class: "notice", text: t("duty.notReviewable") }));
  }
  const rows = list.items.map((item) => ({
    item,
    score: h("input", { type: "number", min: 0, max: 100, step: 1, inputmode: "numeric", required: true, name: `score-${item.position}`,
      "aria-label": t("duty.scoreOf", { n: item.position }) }),
    comment: h("input", { type: "text", maxlength: 500, name: `comment-${item.position}`, "aria-label": t("duty.commentOf", { n: item.position }) }),
  }));
  const overall = h("textarea", { id: "review-overall", rows: 3, maxlength: 500 });
  const submit = (event) => {
    event.preventDefault();
    return act(ctx, async () => {
      const scores = rows.map(({ item, score, comment }) => {
        const value = Number(score.value);
        if (score.value === "" || !Number.isInteger(value) || value < 0 || value > 100) throw new Error(t("duty.scoreRange", { n: item.position }));
        return { item_id: item.id, score: value, comment: comment.value.trim() || null };
      });
      await api(`/duty-lists/${list.id}/reviews/${half}`, { method: "PUT", body: { scores, comment: overall.value.trim() || null } });
      location.hash = `#/duty-list/${list.id}`;
    }, t("duty.reviewed"));
  };
  return h("form", { class: "duty", id: "duty-review-form", onsubmit: submit, novalidate: true },
    back, heading,
    h("p", { class: "muted small", text: `${list.org_unit_name} · ${list.leader.position}` }),
    h("ol", { class: "cards duty-items" }, rows.map(({ item, score, comment }) => h("li", { class: "card duty-item" },
      h("div", { class: "meta" }, h("span", { class: "code", text: `${item.position}. ${item.article ?? t("duty.ownItem")}` }),
        statusPill(item.status), item.overdue ? pill(t("duty.overdue"), "overdue") : null,
        item.evidence.length ? pill(t("duty.evidenceN", { n: item.evidence.length }), "info") : null),
      h("p", { class: "duty-text", text: item.text }),
      h("p", { class: "small" }, h("strong", { text: `${t("duty.target")}：` }), item.target),
      item.note ? h("p", { class: "small", text: `${t("duty.note")}：${item.note}` }) : null,
      h("div", { class: "score-row" }, field(t("duty.score"), score), field(t("duty.comment"), comment))))),
    field(t("duty.overall"), overall),
    h("button", { type: "submit", class: "primary block", id: "duty-review-submit" }, t("duty.submitReview")));
}

export async function dutyReportView(ctx, listId) {
  let report;
  try {
    report = await api(`/duty-lists/${listId}/report`);
  } catch (error) {
    return h("div", {}, h("a", { href: "#/duty", class: "back" }, t("back")), failure(error));
  }
  const list = report.duty_list;
  const stat = (value, label, late) => h("li", { class: late ? "late" : "" }, h("strong", { text: String(value) }), label);
  return h("div", { class: "duty" },
    h("a", { href: `#/duty-list/${list.id}`, class: "back" }, t("back")),
    h("h2", { text: t("duty.reportHeading", { year: list.year, name: list.leader.name }) }),
    h("p", { class: "muted", text: `${list.org_unit_name} · ${list.leader.position} · ${t(`duty.roles.${list.leader.duty_role}`)}` }),
    h("section", { class: "hero" }, h("ul", { class: "stats", id: "duty-stats" },
      stat(list.items.length, t("duty.items")), stat(report.counts.done ?? 0, t("duty.statuses.done")),
      stat(report.missed.length, t("duty.missedN"), report.missed.length > 0),
      stat(report.evidence_count, t("duty.evidenceCount")), stat(report.average_score ?? "—", t("duty.averageScore")),
      stat(list.reviews.length, t("duty.reviewsDone")))),
    h("ol", { class: "cards duty-items" }, list.items.map((item) => h("li", { class: "card duty-item" },
      h("div", { class: "meta" }, h("span", { class: "code", text: `${item.position}. ${item.article ?? t("duty.ownItem")}` }),
        statusPill(item.status), item.scores.map((s) => pill(t("duty.scoreHalf", { half: t(`duty.h${s.half}`), score: s.score }), "info"))),
      h("p", { class: "small", text: item.target }),
      item.evidence.length ? h("ul", { class: "plain-list small" }, item.evidence.map((e) => h("li", { text: e.label }))) : null))),
    report.missed.length ? h("section", { class: "group" }, h("h3", { text: t("duty.missedTitle") }),
      h("ul", { class: "plain-list", id: "duty-missed" }, report.missed.map((m) => h("li", { text: `${m.position}. ${m.target}（${m.due_on}）` })))) : null,
    h("button", { type: "button", class: "secondary block", id: "print-duty-report",
      onclick: () => openPrintable(`/duty-lists/${list.id}/report`) }, t("duty.print")));
}
