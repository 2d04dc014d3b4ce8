// The service worker: precaches the versioned app shell, serves it offline, and sends the outbox
// on Background Sync. Bump VERSION whenever a shell file changes (tests/pwa checks the list).
import { flush } from "./sync.js";

const VERSION = "2026.1.21";
const CACHE = `safecampus-shell-${VERSION}`;
export const SHELL = [
  "index.html", "style.css", "app.js", "api.js", "charts.js", "coverage.js", "dashboard.js", "data.js", "db.js", "i18n.js",
  "i18n-admin.js", "i18n-coverage.js", "map.js", "notices.js", "outbox.js", "photo-picker.js", "photos.js", "sync.js", "terms.js", "ui.js",
  "view-accountability.js", "view-admin.js", "view-case.js", "view-coverage.js", "view-dash-units.js", "view-dashboard.js", "view-duty.js", "view-duty-review.js", "view-hazards.js", "view-imports.js", "view-inbox.js", "view-login.js", "view-outbox.js",
  "view-records.js", "view-reports.js", "view-responsibility.js", "view-runner.js", "view-schools.js", "view-supervision.js",
  "view-terms.js", "view-orders.js",
  "manifest.webmanifest", "icons/icon.svg", "icons/icon-192.png", "icons/icon-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith("safecampus-shell-") && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

let shellCache;
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/schema")) return; // data goes through IndexedDB
  event.respondWith((async () => {
    const cache = await (shellCache ??= caches.open(CACHE));
    if (event.request.mode === "navigate") return (await cache.match("index.html")) ?? fetch(event.request);
    return (await cache.match(event.request, { ignoreSearch: true })) ?? fetch(event.request);
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skipWaiting") self.skipWaiting();
});

// Background Sync: an open window sends the outbox itself (it knows the network and shows progress);
// with no window open, the worker sends it, all of it (like the online event: the browser says the
// network is back, so what waits out a backoff goes too).
self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") return;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window" });
    if (windows.length) { for (const client of windows) client.postMessage("flush"); return; }
    const result = await flush({ force: true });
    if (result.offline) throw new Error("still offline: the browser retries the sync later");
  })());
});
