// Charts as inline SVG, drawn at the width they are shown at (text stays its real size), labelled
// directly (no legend to hunt for), printable. Each chart is one role="img" with a title; the numbers
// and their links are in a data table beside it, so keyboards and screen readers lose nothing.
import { h } from "./ui.js";

const NS = "http://www.w3.org/2000/svg";

/** A "nice" axis maximum (1, 2, 2.5, 5 × 10^n) at or above `max`. */
export function niceMax(max) {
  if (!(max > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((m) => m * step).find((v) => v >= max);
}

/** Whole-number ticks from 0 to `top`, at most `count` + 1 of them. */
export function ticks(top, count = 4) {
  const step = Math.max(1, Math.ceil(top / count));
  const out = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

/** A linear map from [d0, d1] to [r0, r1]. */
export const linear = (d0, d1, r0, r1) => (v) => (d1 === d0 ? r0 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));

/** Pull labels apart vertically so none overlaps (keeps their order). */
export function spreadLabels(ys, gap) {
  const order = ys.map((y, i) => [y, i]).sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < order.length; k += 1) order[k][0] = Math.max(order[k][0], order[k - 1][0] + gap);
  const out = [];
  for (const [y, i] of order) out[i] = y;
  return out;
}

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(key, value);
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An SVG image with its title; clicks on a part with data-href follow it (the table has the same links). */
export function svgImage(width, height, label, ...children) {
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": label, class: "chart" },
    s("title", {}, label), ...children);
  svg.addEventListener("click", (event) => {
    const target = event.target.closest("[data-href]");
    if (target) location.hash = target.dataset.href;
  });
  return svg;
}

/** A data table whose numbers link to what they count: columns [{key, label, href?(row)}]. */
export function dataTable(caption, columns, rows, attrs = {}) {
  const cell = (col, row) => {
    const value = col.format ? col.format(row) : row[col.key];
    const href = col.href?.(row);
    return href && row[col.key] !== 0 ? h("a", { href, text: value }) : value;
  };
  return h("table", { class: "data", ...attrs }, h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, columns.map((c, i) => h("th", { scope: "col", class: i ? "num" : null, text: c.label })))),
    h("tbody", {}, rows.map((row) => h("tr", {}, columns.map((c, i) =>
      i ? h("td", { class: "num" }, cell(c, row)) : h("th", { scope: "row" }, cell(c, row)))))));
}

/** Horizontal bars, one per row: the name over its bar, the value at the bar's end, a note at the right. */
export function barChart({ label, rows, width }) {
  const rowH = 42;
  const top = niceMax(Math.max(...rows.map((r) => r.value), 1));
  const x = linear(0, top, 0, width - 44);
  const height = rows.length * rowH + 4;
  return svgImage(width, height, label, rows.map((r, i) => {
    const y = i * rowH;
    return s("g", { class: "bar-row", "data-href": r.href ?? null },
      s("rect", { x: 0, y, width, height: rowH, fill: "transparent" }),
      s("text", { x: 0, y: y + 14, class: "bar-name" }, r.label),
      r.note ? s("text", { x: width, y: y + 14, "text-anchor": "end", class: "bar-note" }, r.note) : null,
      s("rect", { x: 0, y: y + 20, width: Math.max(2, x(r.value)), height: 16, rx: 3, class: r.tone ?? "bar-fill" }),
      s("text", { x: x(r.value) + 6, y: y + 33, class: "bar-value" }, r.value));
  }));
}

/** Weekly series as lines, each named at its end in its own colour; a click on a week follows its href. */
export function weeklyChart({ label, weeks, series, width, tickLabel }) {
  const height = 220;
  const pad = { left: 30, right: 92, top: 12, bottom: 26 };
  const top = niceMax(Math.max(1, ...weeks.flatMap((w) => series.map((se) => w[se.key]))));
  const x = linear(0, Math.max(1, weeks.length - 1), pad.left, width - pad.right);
  const y = linear(0, top, height - pad.bottom, pad.top);
  const every = Math.ceil(weeks.length / Math.max(2, Math.floor((width - pad.left - pad.right) / 56)));
  const last = weeks.length - 1;
  const ends = spreadLabels(series.map((se) => y(weeks[last]?.[se.key] ?? 0)), 16);
  const step = (width - pad.left - pad.right) / Math.max(1, weeks.length);
  return svgImage(width, height, label,
    ticks(top).map((v) => s("g", { class: "grid" },
      s("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }),
      s("text", { x: pad.left - 6, y: y(v) + 4, "text-anchor": "end" }, v))),
    weeks.map((w, i) => (i % every === 0 ? s("text", { x: x(i), y: height - 6, "text-anchor": "middle", class: "axis" }, tickLabel(w)) : null)),
    weeks.map((w, i) => s("rect", { x: x(i) - step / 2, y: pad.top, width: step, height: height - pad.top - pad.bottom,
                                    fill: "transparent", "data-href": w.href, class: "hit" })),
    series.map((se, k) => s("g", { class: `series ${se.tone}` },
      s("polyline", { points: weeks.map((w, i) => `${x(i)},${y(w[se.key])}`).join(" "), fill: "none" }),
      weeks.length <= 26 ? weeks.map((w, i) => s("circle", { cx: x(i), cy: y(w[se.key]), r: 3 })) : null,
      last >= 0 ? s("text", { x: x(last) + 8, y: ends[k] + 4, class: "end-label" }, se.label) : null)));
}
