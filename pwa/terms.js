// The school-term calendar on the phone (pure; `node --test`): the inspection kind that fits a day
// and the term a day lies in, from the server's calendar (GET /terms, kept in IndexedDB by data.js)
// once synced, else from built-in dates, so that a phone that never synced still proposes a kind.
//
// Windows (the same as the server's coverage/calendar.py, so the kind proposed is the one whose window
// the server sees open), both ends included:
//   term_start: first day − 14 … first day + 13                  (开学前/开学初集中排查)
//   term_mid:   first day + 49 … first day + 83 (weeks 8–12)      (学期中集中排查)
//   term_end:   last day − 13 … last day + 14                     (学期结束后集中排查)
//   otherwise:  daily                                              (日常排查)
// Built-in dates (roughly, for Heilongjiang schools): autumn 1 Sep – 15 Jan, spring 1 Mar – 10 Jul.
const DAY = 86400000;
const BUILT_IN = [
  { season: "autumn", start: [8, 1], end: [0, 15], endNextYear: true },
  { season: "spring", start: [2, 1], end: [6, 10], endNextYear: false },
];

const utcIso = (ms) => new Date(ms).toISOString().slice(0, 10);
const plus = (day, n) => utcIso(Date.parse(`${day}T00:00:00Z`) + n * DAY);

/** The three windows of a term, as the server computes them (GET /terms sends the same). */
export function termWindows(startsOn, endsOn) {
  return [
    { kind: "term_start", opens_on: plus(startsOn, -14), closes_on: plus(startsOn, 13) },
    { kind: "term_mid", opens_on: plus(startsOn, 49), closes_on: plus(startsOn, 83) },
    { kind: "term_end", opens_on: plus(endsOn, -13), closes_on: plus(endsOn, 14) },
  ];
}

/** Built-in terms that touch a calendar year (last autumn, this spring, this autumn), shaped like the server's. */
export function builtInTerms(year) {
  const list = [];
  for (const y of [year - 1, year]) {
    for (const term of BUILT_IN) {
      const starts_on = utcIso(Date.UTC(y, ...term.start));
      const ends_on = utcIso(Date.UTC(term.endNextYear ? y + 1 : y, ...term.end));
      list.push({ code: `${y}-${term.season}`, season: term.season, starts_on, ends_on, windows: termWindows(starts_on, ends_on) });
    }
  }
  return list.sort((a, b) => (a.starts_on < b.starts_on ? -1 : 1));
}

/** "YYYY-MM-DD" of `date`: a Date (its local calendar day counts) or the string itself. */
const dayOf = (date) => (typeof date === "string" ? date : isoDate(date));
const calendarFor = (day, terms) => (terms?.length ? terms : builtInTerms(Number(day.slice(0, 4))));

/** The kind whose window holds the day in `terms` (the cached server calendar; built-in dates when empty). */
export function defaultKind(date, terms) {
  const day = dayOf(date);
  for (const term of calendarFor(day, terms)) {
    for (const w of term.windows) if (w.opens_on <= day && day <= w.closes_on) return w.kind;
  }
  return "daily";
}

/** The term the day lies in; between terms the one that ended last (as the server's); null before any. */
export function currentTerm(date, terms) {
  const day = dayOf(date);
  const started = calendarFor(day, terms).filter((term) => term.starts_on <= day);
  return started.sort((a, b) => (a.starts_on < b.starts_on ? -1 : 1)).at(-1) ?? null;
}

/** The PUT /terms/{code} request of a term form: the code is the year of the first day and the season
 *  (an edited term keeps its code: the server says so if the dates no longer fit it); the school year follows. */
export function termRequest({ season, name, starts_on, ends_on }, code) {
  const year = Number(starts_on.slice(0, 4));
  const first = season === "autumn" ? year : year - 1;
  return { code: code ?? `${year}-${season}`,
           body: { school_year: `${first}-${first + 1}`, season, name: name.trim(), starts_on, ends_on } };
}

/** Default rectification deadline, as the server computes it: days by grade and inspection kind. */
export function defaultDueOn(grade, kind, from = new Date()) {
  const byKind = { daily: 3, supervision_general: 15, supervision_special: 15 };
  const days = grade === "major" ? 30 : (byKind[kind] ?? 7);
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return isoDate(d);
}

export function isoDate(d) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO 8601 with the device's UTC offset, e.g. 2025-03-02T09:15:00+08:00. */
export function isoWithOffset(d = new Date()) {
  const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  return `${isoDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}
