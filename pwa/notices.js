// The inbox's data: notices cached in IndexedDB (kv "notices") so the inbox works offline from
// the last sync; read marks apply at once here and reach the server through the outbox ("read").
import { api } from "./api.js";
import { kvGet, kvSet } from "./db.js";
import { enqueue } from "./sync.js";

export const cachedNotices = async () => (await kvGet("notices")) ?? [];

/** Notices read here whose mark has not reached the server yet stay read in the fresh list. */
async function pendingReads() {
  return new Set((await kvGet("noticesRead")) ?? []);
}

export async function refreshNotices() {
  const page = await api("/notices?page_size=100");
  const read = await pendingReads();
  const items = page.items.map((n) => (read.has(n.id) && !n.read_at ? { ...n, read_at: new Date().toISOString() } : n));
  await kvSet("notices", items);
  await kvSet("noticesAt", Date.now());
  return items;
}

export async function unreadCount() {
  return (await cachedNotices()).filter((n) => !n.read_at).length;
}

export async function markRead(ids) {
  const wanted = new Set(ids);
  const items = await cachedNotices();
  const fresh = items.filter((n) => wanted.has(n.id) && !n.read_at).map((n) => n.id);
  if (!fresh.length) return;
  const now = new Date().toISOString();
  await kvSet("notices", items.map((n) => (wanted.has(n.id) && !n.read_at ? { ...n, read_at: now } : n)));
  await kvSet("noticesRead", [...(await pendingReads()), ...fresh].slice(-500));
  await enqueue("read", { body: { ids: fresh } });
}

/** Open supervision orders over the caller's scope (the school's home, the dashboard), kept for offline. */
export async function openOrders(online) {
  if (online) {
    try {
      const orders = await api("/supervision-orders?status=open");
      await kvSet("orders", orders);
      return orders;
    } catch (error) {
      if (error.status) throw error;
    }
  }
  return (await kvGet("orders")) ?? [];
}
