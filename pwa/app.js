// The shell: routes (hash), the header with the pending badge, the tab bar, the service worker,
// and when to sync (startup, a queued write, online, the server answering again, Background Sync, "sync now").
import { ping, token } from "./api.js";
import { all, kvGet, kvSet } from "./db.js";
import { isBureau, isStaff, refreshAll, refreshHazards } from "./data.js";
import { currentLang, setLang, t } from "./i18n.js";
import { openOrders, refreshNotices, unreadCount } from "./notices.js";
import { counts, nextDue } from "./outbox.js";
import { flush, notify, onChange } from "./sync.js";
import { $, h, toast } from "./ui.js";
import { coverageView } from "./view-coverage.js";
import { accountabilityView } from "./view-accountability.js";
import { adminView, checklistEditorView, checklistsView, unitsView, usersView } from "./view-admin.js";
import { caseView, commendationView, newCaseView, newCommendationView } from "./view-case.js";
import { dashboardView } from "./view-dashboard.js";
import { dutyListView, dutyOverviewView } from "./view-duty.js";
import { dutyReportView, dutyReviewView } from "./view-duty-review.js";
import { hazardsView, hazardView } from "./view-hazards.js";
import { importsView } from "./view-imports.js";
import { inboxView } from "./view-inbox.js";
import { loginView } from "./view-login.js";
import { outboxView } from "./view-outbox.js";
import { reportsView, reportView } from "./view-reports.js";
import { drillFormView, incidentFormView, recordsView } from "./view-records.js";
import { responsibilityView } from "./view-responsibility.js";
import { newPlanView, planView, supervisionView } from "./view-supervision.js";
import { reviewView, runnerView } from "./view-runner.js";
import { schoolsView, startView } from "./view-schools.js";
import { termsView } from "./view-terms.js";

// Screens redrawn when local data changes (no forms there; the dashboard reads the server, not the outbox).
const LIVE = new Set(["home", "hazards", "outbox", "records", "inbox"]);
const routes = [
  [/^#\/login$/, "login", loginView],
  // Home: school staff see their ledger, bureau staff the dashboard, inspectors their schools.
  [/^#\/$/, "home", (ctx) => (isStaff(ctx.user) ? hazardsView(ctx) : isBureau(ctx.user) ? dashboardView(ctx) : schoolsView(ctx))],
  [/^#\/dashboard(?:\?(.*))?$/, "dashboard", dashboardView],
  [/^#\/coverage(?:\?(.*))?$/, "coverage", coverageView],
  [/^#\/terms$/, "terms", termsView],
  [/^#\/hazards(?:\?(.*))?$/, "hazards", hazardsView],
  [/^#\/start\/([\w-]+)(?:\/(\w+))?$/, "start", startView],
  [/^#\/run\/([\w-]+)$/, "run", runnerView],
  [/^#\/run\/([\w-]+)\/review$/, "review", reviewView],
  [/^#\/hazard\/([\w-]+)$/, "hazard", hazardView],
  [/^#\/outbox$/, "outbox", outboxView],
  [/^#\/inbox$/, "inbox", inboxView],
  [/^#\/responsibility$/, "responsibility", responsibilityView],
  [/^#\/supervision$/, "supervision", supervisionView],
  [/^#\/supervision\/new$/, "plan-new", newPlanView],
  [/^#\/supervision\/([\w-]+)$/, "plan", planView],
  [/^#\/records$/, "records", recordsView],
  [/^#\/records\/drill$/, "drill", drillFormView],
  [/^#\/records\/incident$/, "incident", incidentFormView],
  [/^#\/reports(?:\/(\d{4}))?$/, "reports", reportsView],
  [/^#\/report\/([\w-]+)\/(\d{4})$/, "report", reportView],
  [/^#\/accountability(?:\/(\w+))?(?:\/(\d{4}))?$/, "accountability", accountabilityView],
  [/^#\/case\/new$/, "case", newCaseView],
  [/^#\/case\/([\w-]+)$/, "case", caseView],
  [/^#\/commendation\/new$/, "commendation", newCommendationView],
  [/^#\/commendation\/([\w-]+)$/, "commendation", commendationView],
  [/^#\/duty(?:\/(\d{4}))?$/, "duty", dutyOverviewView],
  [/^#\/duty-list\/([\w-]+)$/, "duty-list", dutyListView],
  [/^#\/duty-review\/([\w-]+)\/([12])$/, "duty-review", dutyReviewView],
  [/^#\/duty-report\/([\w-]+)$/, "duty-report", dutyReportView],
  [/^#\/imports$/, "imports", importsView],
  [/^#\/admin$/, "admin", adminView],
  [/^#\/admin\/units$/, "admin-units", unitsView],
  [/^#\/admin\/users(?:\?(.*))?$/, "admin-users", usersView],
  [/^#\/admin\/checklists$/, "admin-checklists", checklistsView],
  [/^#\/admin\/checklist\/([\w-]+)$/, "admin-checklist", checklistEditorView],
];

const ctx = {
  user: null, route: "", name: "", online: navigator.onLine, position: null,
  rerender: () => render(),
  requestSync: (force = false) => sync({ force }),
  toggleLang: () => { setLang(currentLang() === "zh" ? "en" : "zh"); render(); },
  signedIn: async () => {
    ctx.user = await kvGet("user");
    location.hash = "#/";
    await render();
    sync({ force: true, refresh: true });
  },
  signedOut: () => { ctx.user = null; location.hash = "#/login"; },
};

let rendering = Promise.resolve();
function render() {
  rendering = rendering.then(draw, draw);
  return rendering;
}

async function draw() {
  const hash = location.hash || "#/";
  if (!ctx.user && hash !== "#/login") { location.hash = "#/login"; return; }
  const match = routes.find(([re]) => re.test(hash)) ?? routes[1];
  const [re, route, view] = match;
  const name = route === "home" && isBureau(ctx.user) ? "dashboard" : route;
  const params = hash.match(re)?.slice(1) ?? [];
  const changed = ctx.route !== hash;
  ctx.route = hash;
  ctx.name = name;
  const main = $("#view");
  const scroll = window.scrollY;
  let node;
  try {
    node = await view(ctx, ...params);
  } catch (error) {
    console.error(error);
    node = h("p", { class: "notice warn", text: t("screenFailed") });
  }
  main.replaceChildren(node);
  document.body.dataset.screen = name;
  drawTabs();
  await drawBadge();
  if (changed) { window.scrollTo(0, 0); main.focus({ preventScroll: true }); } else window.scrollTo(0, scroll);
}

function drawTabs() {
  const nav = $("#tabs");
  if (!ctx.user || ctx.name === "login") { nav.hidden = true; return; }
  nav.hidden = false;
  // [href, label, icon, the screens it shows] (a screen's filtered or drilled-down routes keep its tab lit;
  // the coverage matrix and the term calendar open from the dashboard, for school staff from their own tab;
  // the parts of the responsibility system open from its hub)
  const duties = ["responsibility", "reports", "report", "records", "drill", "incident", "supervision", "plan", "plan-new",
    "accountability", "case", "commendation", "duty", "duty-list", "duty-review", "duty-report", "imports",
    "admin", "admin-units", "admin-users", "admin-checklists", "admin-checklist"];
  const end = [["#/responsibility", "tabResponsibility", "▤", duties], ["#/outbox", "tabOutbox", "⇅", ["outbox"]]];
  const dashboard = ["dashboard", "coverage", "terms"];
  const tabs = isStaff(ctx.user) ? [["#/", "tabHazards", "⚠", ["home"]], ["#/coverage", "tabCoverage", "▥", ["coverage", "terms"]], ...end]
    : isBureau(ctx.user) ? [["#/", "tabDashboard", "▦", dashboard], ["#/hazards", "tabHazards", "⚠", ["hazards"]], ...end]
      : [["#/", "tabSchools", "⌂", ["home"]], ["#/dashboard", "tabDashboard", "▦", dashboard], ["#/hazards", "tabHazards", "⚠", ["hazards"]], ...end];
  nav.replaceChildren(...tabs.map(([href, key, icon, screens]) => h("a", { href, class: "tab", "aria-current": screens.includes(ctx.name) ? "page" : null },
    h("span", { class: "tab-icon", "aria-hidden": "true" }, icon), h("span", { text: t(key) }),
    href === "#/outbox" ? h("span", { class: "tab-count", id: "tab-count" }) : null)));
}

async function drawBadge() {
  const c = counts(await all("outbox"));
  const badge = $("#badge");
  badge.hidden = !ctx.user;
  badge.textContent = c.total ? t("badgePending", { n: c.total }) : t("badgeSynced");
  badge.className = `badge ${c.held ? "held" : c.total ? "waiting" : "ok"}`;
  badge.setAttribute("aria-label", c.total ? t("badgeLabel", { n: c.total }) : t("badgeSynced"));
  const tabCount = $("#tab-count");
  if (tabCount) { tabCount.textContent = c.total || ""; tabCount.hidden = !c.total; }
  const unread = ctx.user ? await unreadCount() : 0;
  const bell = $("#bell");
  bell.hidden = !ctx.user;
  bell.setAttribute("aria-label", t("notices.bell", { n: unread }));
  bell.setAttribute("aria-current", ctx.name === "inbox" ? "page" : "false");
  const bellCount = $("#bell-count");
  bellCount.textContent = unread > 99 ? "99+" : String(unread);
  bellCount.hidden = !unread;
  const net = $("#net");
  const offline = !ctx.online || unreachable;
  net.textContent = offline ? t("offline") : "";
  net.hidden = !offline;
  const auth = await kvGet("authNeeded");
  const banner = $("#auth-banner");
  banner.hidden = !(auth && ctx.user && ctx.name !== "login");
}

let syncing = null;
let again = null; // what was asked while a sync ran: the strongest of it runs next (a forced send is not lost)
async function sync({ force = false, refresh = false } = {}) {
  if (!ctx.user) return;
  if (syncing) {
    again = { force: force || Boolean(again?.force), refresh: refresh || Boolean(again?.refresh) };
    return syncing;
  }
  syncing = (async () => {
    await null; // let `syncing` be assigned before the body can reach `finally`
    try {
      if (!navigator.onLine) return;
      const result = await flush({ force });
      if (result.unreachable) await checkReachable();
      if (result.auth) { await drawBadge(); return; }
      if (result.sent) toast(t("syncedN", { n: result.sent }));
      if (result.offline) return;
      if (refresh || result.sent || (await kvGet("hazardsStale"))) {
        try {
          if (refresh) ctx.user = (await refreshAll(ctx.user)) ?? ctx.user;
          else await refreshHazards(ctx.user);
          await refreshNotices();
          if (isStaff(ctx.user)) await openOrders(true);
        } catch (error) {
          if (error.status === 401) await kvSet("authNeeded", true);
          else if (!error.status) await checkReachable();
        }
      }
    } finally {
      syncing = null;
      if (LIVE.has(ctx.name)) await render(); else await drawBadge();
      scheduleRetry();
      if (again) { const next = again; again = null; sync(next); }
    }
  })();
  return syncing;
}

async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    const reg = await navigator.serviceWorker.register("sw.js", { type: "module", updateViaCache: "none" });
    const offer = (worker) => {
      const bar = $("#update");
      bar.hidden = false;
      $("#update-btn").onclick = () => worker.postMessage("skipWaiting");
    };
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener("updatefound", () => {
      const worker = reg.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
    navigator.serviceWorker.addEventListener("message", (event) => { if (event.data === "flush") sync({ force: true }); });
    let reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (reloading || !$("#update").dataset.accepted) return;
      reloading = true;
      location.reload();
    });
    $("#update-btn").addEventListener("click", () => { $("#update").dataset.accepted = "1"; });
  } catch (error) {
    console.warn("service worker", error);
  }
}

async function askBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker?.ready;
    await reg?.sync?.register("outbox");
  } catch { /* not supported: the online event and startup cover it */ }
}

// Retries back off (outbox.js); wake up when the next one is due (while the server is unreachable,
// the pings below wake it up instead).
let retryTimer;
async function scheduleRetry() {
  const due = ctx.user ? nextDue(await all("outbox"), ctx.user.id) : null;
  clearTimeout(retryTimer);
  if (due === null || unreachable) return;
  const wait = Math.max(1000, due - Date.now());
  retryTimer = setTimeout(() => sync(), Math.min(wait, 2 ** 31 - 1));
}

// The way to the server. navigator.onLine is not enough: the online event is not fired in every case
// (e.g. a browser started offline), so it is polled; and it can say online with no way to the server
// (school Wi-Fi without uplink, a captive portal), where no event ever comes when the way opens. So a
// request that got no answer is checked with a ping; while pings get no answer either, ping every 2 s,
// and send everything (backoff or not) once one does. Only a failed ping counts: an op that fails by
// itself while the server answers keeps its backoff instead of being resent every 2 s.
let unreachable = false;
let pinging = false;
async function checkReachable() {
  unreachable = !(await ping());
}

function wayBack() {
  ctx.online = true;
  unreachable = false;
  sync({ refresh: true, force: true });
}

function watchConnectivity() {
  setInterval(async () => {
    if (navigator.onLine !== ctx.online) {
      if (navigator.onLine) wayBack(); else { ctx.online = false; drawBadge(); }
    } else if (ctx.online && unreachable && !pinging) {
      pinging = true;
      try { if (await ping()) wayBack(); } finally { pinging = false; }
    }
  }, 2000);
}

async function start() {
  setLang(currentLang());
  $("#lang").addEventListener("click", () => ctx.toggleLang());
  window.addEventListener("hashchange", () => render());
  window.addEventListener("online", wayBack);
  watchConnectivity();
  window.addEventListener("offline", () => { ctx.online = false; drawBadge(); });
  onChange(async (what) => {
    if (what === "outbox") {
      await drawBadge();
      if (ctx.name === "outbox" && !syncing) render();
      if (!syncing) scheduleRetry(); // a write was queued (or changed) here or in another tab
      if (!navigator.onLine) askBackgroundSync();
    }
  });
  ctx.user = (await token.get()) ? await kvGet("user") : null;
  if (ctx.user && !location.hash) location.hash = "#/";
  await render();
  performance.mark("app-ready");
  document.documentElement.dataset.ready = "1";
  registerWorker();
  navigator.storage?.persist?.().catch(() => {});
  if (ctx.user) sync({ refresh: true, force: true }); // the backoff of an earlier visit says nothing of now
  if ((await all("outbox")).length) askBackgroundSync();
}

start();
export { notify };
