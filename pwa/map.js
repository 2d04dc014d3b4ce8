// The hazard map as SVG: fitted to the points, so it needs no tiles (schools and counties are labelled);
// with a tile template configured on the server, OSM-style tiles are drawn under the points.
// Web Mercator, the tiles' own projection: at a city's scale it is an equirectangular fit.
import { s, svgImage } from "./charts.js";

const MIN_SPAN = 6e-5; // about 2 km: one school alone is still shown with some room around it

/** Longitude and latitude to Web Mercator's unit square (0,0 top left; 1,1 bottom right). */
export function mercator(lon, lat) {
  const phi = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2];
}

/** The view that fits every place into width × height with `pad` pixels around:
 *  { project(lon, lat) → [x, y], scale (pixels per unit square), cx, cy }. */
export function fitView(places, width, height, pad = 28) {
  const xy = places.map((p) => mercator(p.lon, p.lat));
  const xs = xy.map((p) => p[0]);
  const ys = xy.map((p) => p[1]);
  const [x0, x1, y0, y1] = xy.length ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] : [0, 1, 0, 1];
  const scale = Math.min((width - 2 * pad) / Math.max(x1 - x0, MIN_SPAN), (height - 2 * pad) / Math.max(y1 - y0, MIN_SPAN));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const project = (lon, lat) => {
    const [mx, my] = mercator(lon, lat);
    return [(mx - cx) * scale + width / 2, (my - cy) * scale + height / 2];
  };
  return { project, scale, cx, cy };
}

/** The XYZ tiles covering the view, each with where it goes: [{z, x, y, px, py, size}]. */
export function tilesFor(view, width, height) {
  const z = Math.max(0, Math.min(18, Math.round(Math.log2(view.scale / 256))));
  const n = 2 ** z;
  const size = view.scale / n;
  const left = view.cx - width / 2 / view.scale;
  const top = view.cy - height / 2 / view.scale;
  const out = [];
  for (let ty = Math.max(0, Math.floor(top * n)); ty < Math.min(n, Math.ceil((top + height / view.scale) * n)); ty += 1) {
    for (let tx = Math.floor(left * n); tx < Math.ceil((left + width / view.scale) * n); tx += 1) {
      out.push({ z, x: ((tx % n) + n) % n, y: ty, px: (tx / n - view.cx) * view.scale + width / 2,
                 py: (ty / n - view.cy) * view.scale + height / 2, size });
    }
  }
  return out;
}

/** Points on (nearly) the same pixel are fanned out on a small spiral, so each stays clickable. */
export function spreadPoints(xy, near = 4, step = 7) {
  const groups = [];
  return xy.map(([x, y]) => {
    const group = groups.find((g) => Math.hypot(g.x - x, g.y - y) < near) ?? groups[groups.push({ x, y, n: 0 }) - 1];
    const k = group.n;
    group.n += 1;
    if (k === 0) return [x, y];
    const angle = k * 2.4; // the golden angle keeps a spiral's points apart
    return [group.x + Math.cos(angle) * step * Math.sqrt(k), group.y + Math.sin(angle) * step * Math.sqrt(k)];
  });
}

/** Where each label goes, most important first: right of its mark, else left, else none (the mark keeps
 *  its name as a tooltip). `labels`: [{x, y, text, weight}] → [{x, anchor} | null]. Glyphs ≈ `em` px wide. */
export function placeLabels(labels, width, em = 13.5) {
  const taken = [];
  const out = new Array(labels.length).fill(null);
  const order = labels.map((l, i) => i).sort((a, b) => labels[b].weight - labels[a].weight);
  for (const i of order) {
    const { x, y, text } = labels[i];
    const w = [...text].length * em;
    for (const [left, anchor, lx] of [[x + 8, "start", x + 8], [x - 8 - w, "end", x - 8]]) {
      const box = [left, y - 18, left + w, y - 2];
      const fits = box[0] >= 0 && box[2] <= width && !taken.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3]);
      if (fits) { taken.push(box); out[i] = { x: lx, anchor }; break; }
    }
  }
  return out;
}

const fillTemplate = (template, tile) => template.replace("{z}", tile.z).replace("{x}", tile.x).replace("{y}", tile.y);

/** The map of `data` (GET /dashboard/map) as an SVG image; `label` names it, `pointTitle(p)` each point. */
export function hazardMap(data, { width, height, label, pointTitle }) {
  const view = fitView([...data.points, ...data.places], width, height);
  const xy = spreadPoints(data.points.map((p) => view.project(p.lon, p.lat)));
  const order = data.points.map((p, i) => i).sort((a, b) => Number(data.points[a].overdue) - Number(data.points[b].overdue));
  const marks = data.places.map((place) => view.project(place.lon, place.lat));
  // Units with more open hazards get their labels first.
  const counts = data.places.map((place) => data.points.filter((p) => p.school_id === place.id).length
    + (place.kind === "school" ? 0 : 1000));
  // A map says "尖山区", not "尖山区教育和体育局": the bureau suffix only crowds it.
  const names = data.places.map((place) => (place.kind === "school" ? place.name : place.name.replace(/教育和体育局$/, "")));
  const labels = placeLabels(data.places.map((place, i) => ({ x: marks[i][0], y: marks[i][1], text: names[i], weight: counts[i] })), width);
  return svgImage(width, height, label,
    s("rect", { width, height, class: "map-sea" }),
    data.tiles ? tilesFor(view, width, height).map((tile) => s("image", { href: fillTemplate(data.tiles, tile), x: tile.px,
      y: tile.py, width: tile.size + 0.5, height: tile.size + 0.5, preserveAspectRatio: "none" })) : null,
    data.places.map((place, i) => {
      const [x, y] = marks[i];
      return s("g", { class: `place ${place.kind}` },
        s("rect", { x: x - 4, y: y - 4, width: 8, height: 8 }, s("title", {}, place.name)),
        labels[i] ? s("text", { x: labels[i].x, y: y - 6, "text-anchor": labels[i].anchor }, names[i]) : null);
    }),
    order.map((i) => {
      const p = data.points[i];
      return s("circle", { cx: xy[i][0], cy: xy[i][1], r: 7, class: `point ${p.grade}${p.overdue ? " overdue" : ""}`,
                           "data-href": `#/hazard/${p.id}` }, s("title", {}, pointTitle(p)));
    }),
    data.tiles && data.tiles_attribution
      ? s("text", { x: width - 4, y: height - 5, "text-anchor": "end", class: "map-credit" }, data.tiles_attribution) : null);
}
