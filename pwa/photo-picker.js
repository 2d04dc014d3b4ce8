// The camera button and the thumbnails of photos taken for one hazard or proof.
import { put } from "./db.js";
import { photoUrl, position } from "./data.js";
import { t } from "./i18n.js";
import { preparePhoto } from "./photos.js";
import { isoWithOffset } from "./terms.js";
import { h, toast } from "./ui.js";

/** shas: the initial list; onChange(shas) after every change. Returns the element. */
export function photoPicker({ id, shas = [], onChange, label }) {
  let current = [...shas];
  const grid = h("ul", { class: "thumbs", "aria-live": "polite" });
  const status = h("span", { class: "muted small", role: "status" });
  const input = h("input", { type: "file", id, accept: "image/*", capture: "environment", multiple: true, class: "visually-hidden" });
  const draw = async () => {
    const items = [];
    for (const sha of current) {
      const img = h("img", { alt: t("photoAlt"), width: 96, height: 96 });
      photoUrl(sha).then((url) => { img.src = url; }).catch(() => {});
      items.push(h("li", { class: "thumb", dataset: { sha } }, img,
        h("button", { type: "button", class: "remove", "aria-label": t("removePhoto"), onclick: () => {
          current = current.filter((s) => s !== sha); onChange(current); draw();
        } }, "✕")));
    }
    grid.replaceChildren(...items);
  };
  input.addEventListener("change", async () => {
    const files = [...input.files];
    input.value = "";
    if (!files.length) return;
    status.textContent = t("processingPhotos");
    const fix = await position(4000);
    for (const file of files) {
      try {
        const photo = await preparePhoto(file, fix, isoWithOffset());
        await put("photos", photo);
        if (!current.includes(photo.sha)) current.push(photo.sha);
      } catch {
        toast(t("photoUnreadable"));
      }
    }
    status.textContent = "";
    onChange(current);
    await draw();
  });
  draw();
  return h("div", { class: "photo-picker" },
    h("label", { for: id, class: "camera-btn" }, h("span", { "aria-hidden": "true" }, "📷 "), label ?? t("takePhoto")),
    input, status, grid);
}
