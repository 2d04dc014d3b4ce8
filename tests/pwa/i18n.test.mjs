// Every text the screens ask for by a literal key exists in Chinese and in English: a missing
// key shows the raw key to the user ("draftMissing"), or, in English, falls back to Chinese.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

globalThis.document = { documentElement: {}, title: "", querySelectorAll: () => [] };
const { setLang, t } = await import("../../pwa/i18n.js");

const PWA = new URL("../../pwa/", import.meta.url);
const keys = new Set();
for (const name of readdirSync(PWA).filter((n) => n.endsWith(".js"))) {
  for (const [, key] of readFileSync(new URL(name, PWA), "utf8").matchAll(/\bt\("([\w.]+)"/g)) keys.add(key);
}
const texts = (lang) => { setLang(lang); return new Map([...keys].map((key) => [key, t(key)])); };

test("every literal text key exists in Chinese", () => {
  assert.deepEqual([...texts("zh")].filter(([key, text]) => text === key).map(([key]) => key), []);
});

test("every literal text key exists in English (not the Chinese fallback)", () => {
  const zh = texts("zh");
  const fellBack = [...texts("en")].filter(([key, text]) => /[\u4e00-\u9fff]/.test(text) && text === zh.get(key));
  assert.deepEqual(fellBack.map(([key]) => key), []);
});
