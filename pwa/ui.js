// DOM helpers: build elements without innerHTML (user text is always text), dialogs, toasts.
import { t } from "./i18n.js";

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

let toastTimer;
export function toast(message) {
  const el = $("#toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 3500);
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A labelled field: <label>text<control></label> with an optional hint. */
export function field(label, control, hint) {
  return h("label", { class: "field" }, h("span", { class: "label" }, label), control, hint ? h("small", { class: "hint" }, hint) : null);
}

export function pill(text, kind) { return h("span", { class: `pill ${kind ?? ""}` }, text); }

export function formatTime(ms) {
  if (!ms) return t("never");
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getMonth() + 1}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDistance(m) {
  if (m === null || m === undefined) return t("distanceUnknown");
  return m < 1000 ? t("metres", { n: Math.round(m) }) : t("km", { n: (m / 1000).toFixed(1) });
}

/** Confirm with a real dialog (no window.confirm: it blocks and cannot be styled or translated). */
export function confirmDialog(message, okText) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "sheet confirm", "aria-label": message },
      h("p", { text: message }),
      h("div", { class: "row" },
        h("button", { type: "button", class: "secondary", onclick: () => { dialog.close(); resolve(false); } }, t("cancel")),
        h("button", { type: "button", class: "danger", onclick: () => { dialog.close(); resolve(true); } }, okText ?? t("ok"))));
    dialog.addEventListener("close", () => { dialog.remove(); resolve(false); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
