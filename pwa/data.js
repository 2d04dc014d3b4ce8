// Reference data kept in IndexedDB so every screen works offline; refreshed whenever online.
import { all, get, kvGet, kvSet, put, putMany } from "./db.js";
import { api, apiBlob } from "./api.js";

const STAFF = new Set(["principal", "school_officer"]);
export const isStaff = (user) => STAFF.has(user?.role);
const BUREAU = new Set(["bureau_viewer", "admin"]);
export const isBureau = (user) => BUREAU.has(user?.role);

export async function refreshAll(user) {
  const me = await api("/me");
  await kvSet("user", me);
  const schools = await api("/org-units?kind=school");
  await kvSet("schools", schools);
  const summaries = await api("/checklists");
  const checklists = [];
  for (const summary of summaries) {
    const cached = (await kvGet("checklists"))?.find((c) => c.id === summary.id && c.version === summary.version);
    checklists.push(cached ?? await api(`/checklists/${summary.id}`));
  }
  await kvSet("checklists", checklists);
  // The term calendar decides the kind proposed for an inspection and the dashboard's "this term";
  // the own unit names the top of the coverage breadcrumb and tells a city admin (who edits terms).
  await kvSet("terms", (await api("/terms")).terms);
  await kvSet("ownUnit", await api(`/org-units/${me.org_unit_id}`));
  await refreshHazards(me ?? user);
  await kvSet("refreshedAt", Date.now());
  return me;
}

export async function refreshHazards(user) {
  const page = await api("/hazards?page_size=200");
  await kvSet("hazardList", page.items);
  await kvSet("hazardsStale", false);
  // School staff act on their hazards offline: keep the detail of every one not yet closed.
  if (isStaff(user)) {
    const details = [];
    for (const item of page.items.filter((h) => h.status !== "closed")) {
      details.push({ ...(await api(`/hazards/${item.id}`)), cachedAt: Date.now() });
    }
    await putMany("hazards", details);
  }
  return page.items;
}

export const schools = async () => (await kvGet("schools")) ?? [];
export const checklists = async () => (await kvGet("checklists")) ?? [];
export const hazardList = async () => (await kvGet("hazardList")) ?? [];
export const cachedTerms = async () => (await kvGet("terms")) ?? [];

/** The user's own unit: kept at refresh, fetched here when a screen needs it before the first refresh has
 *  ended (or after another account signed in on this phone); null offline when never kept. */
export async function ownUnit(user, online) {
  const kept = await kvGet("ownUnit");
  if (kept?.id === user.org_unit_id) return kept;
  if (!online) return null;
  const unit = await api(`/org-units/${user.org_unit_id}`);
  await kvSet("ownUnit", unit);
  return unit;
}

export async function hazardDetail(id, online) {
  if (online) {
    try {
      const fresh = await api(`/hazards/${id}`);
      const local = await get("hazards", id);
      const merged = { ...fresh, cachedAt: Date.now(), localStatus: local?.localStatus, localRect: local?.localRect };
      if (pendingFor(id, await all("outbox")).length === 0) { delete merged.localStatus; delete merged.localRect; }
      await put("hazards", merged);
      return merged;
    } catch (error) {
      if (error.status && error.status !== 0) throw error;
    }
  }
  return get("hazards", id);
}

/** Screens that read the server (dashboard, coverage) and keep the last `keep` answers under `store`:
 *  online, `fetch()`'s fields kept with their time under `key`; without an answer, the kept entry for
 *  `key`, else the latest one (the screen's header says what it shows), marked stale; null when none.
 *  A refusal by the server (e.g. out of scope) is thrown: it is not a network matter. */
export async function fetchKept(online, store, key, fetch, keep) {
  const kept = (await kvGet(store)) ?? [];
  if (online) {
    try {
      const entry = { key, ...(await fetch()), at: Date.now() };
      await kvSet(store, [entry, ...kept.filter((e) => e.key !== key)].slice(0, keep));
      return entry;
    } catch (error) {
      if (error.status) throw error;
    }
  }
  const entry = kept.find((e) => e.key === key) ?? kept[0];
  return entry ? { ...entry, stale: true } : null;
}

export const pendingFor = (hazardId, ops) => ops.filter((op) => op.hazardId === hazardId);

/** An object URL for a photo: from this phone if it was taken here, else the server (cached). */
export async function photoUrl(sha, size = "thumb") {
  const local = await get("photos", sha);
  if (local?.blob) return URL.createObjectURL(local.blob);
  const key = `${sha}:${size}`;
  let blob = await get("remote", key);
  if (!blob) {
    blob = await apiBlob(size === "thumb" ? `/photos/${sha}/thumb` : `/photos/${sha}`);
    await put("remote", blob, key);
  }
  return URL.createObjectURL(blob);
}

/** Distance in metres between two points (haversine). */
export function distanceM(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(h));
}

/** The device position, or null (no permission, no fix in time). The browser's own timeout only
 *  starts once permission is granted, so an unanswered prompt is cut off here too. */
export function position(timeout = 8000) {
  return new Promise((resolve) => {
    if (!("geolocation" in navigator)) return resolve(null);
    const timer = setTimeout(() => resolve(null), timeout + 500);
    navigator.geolocation.getCurrentPosition(
      (p) => { clearTimeout(timer); resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy) }); },
      () => { clearTimeout(timer); resolve(null); },
      { enableHighAccuracy: true, timeout, maximumAge: 60000 },
    );
  });
}
