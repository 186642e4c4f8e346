/* Site search with Pagefind's JavaScript API (no inline code, works under the CSP).

   Pagefind indexes only the search keys of each page's words (lvlang.stem: every case form of a
   Latvian or Latgalian word, with or without diacritics, has one key), so the query is turned into
   keys the same way (stem.js), and the excerpt is cut here from the page's own text (meta "text"),
   with the words whose keys match marked. */
import { WORD, queryKeys } from "./stem.js";

const root = document.body.dataset.root.endsWith("/") ? document.body.dataset.root : document.body.dataset.root + "/";
const lang = document.documentElement.lang;
const form = document.querySelector("[data-search-form]");
const results = document.querySelector("[data-search-results]");
const filters = document.querySelector("[data-search-filters]");
const FILTERS = ["kind", "municipality", "project", "year"];
const EXCERPT_WORDS = 30;
const SHOWN = 20;
document.querySelector("[data-search-nojs]").hidden = true;
filters.hidden = false;

/* The index is made of bundles (bundles.json lists each language's): the first is Pagefind's own
   index, the others are merged into it; a search asks all of them and ranks their results together. */
let loading;
function load() {
  loading ??= (async () => {
    const base = root + "pagefind/";
    const listed = await fetch(base + "bundles.json", { cache: "no-cache" }).then((r) => r.json());
    const [first, ...others] = (listed.languages[lang] || []).map((name) => base + name + "/");
    if (!first) return null;                       // no page of this language is searchable
    const pagefind = await import(first + "pagefind.js");
    await pagefind.options({ basePath: first });
    pagefind.init();
    await Promise.all(others.map((path) => pagefind.mergeIndex(path)));
    return pagefind;
  })();
  return loading;
}

/* Whether a word of the text answers one of the query's keys (Pagefind also matches a key's start). */
function matches(word, keys) {
  const [key] = queryKeys(word, lang);
  if (!key) return false;
  return keys.some((k) => key.startsWith(k) || (key.length >= 4 && k.startsWith(key)));
}

/* Pagefind's meta text keeps its marks of where a heading's weight ends ("Aims. ___END_PAGEFIND_WEIGHT___ …"). */
const WEIGHT_MARK = /\s*___(?:END_)?PAGEFIND_WEIGHT(?:_[\d.]+)?___/g;

/* A paragraph with about EXCERPT_WORDS words of `text` around most of the matching words. */
function excerpt(text, keys) {
  const parts = text.replace(WEIGHT_MARK, "").normalize("NFC").split(new RegExp(`(${WORD})`, "u"));  // words at odd indexes
  const hits = [];
  for (let i = 1; i < parts.length; i += 2) hits.push(keys.length > 0 && matches(parts[i], keys));
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < hits.length; i++) {          // a sliding window over the words
    count += hits[i] ? 1 : 0;
    if (i >= EXCERPT_WORDS) count -= hits[i - EXCERPT_WORDS] ? 1 : 0;
    const start = Math.max(0, i - EXCERPT_WORDS + 1);
    if (count > bestCount) { bestCount = count; best = start; }
  }
  const first = Math.max(0, best - 3);              // a few words before the first match
  const last = Math.min(hits.length, first + EXCERPT_WORDS);
  const p = document.createElement("p");
  if (first > 0) p.append("… ");
  for (let w = first; w < last; w++) {
    const word = parts[2 * w + 1];
    if (hits[w]) {
      const mark = document.createElement("mark");
      mark.textContent = word;
      p.append(mark);
    } else {
      p.append(word);
    }
    if (w < last - 1) p.append(parts[2 * w + 2]);
  }
  if (last < hits.length) p.append(" …");
  return p;
}

let latest = 0;    // the newest search: an older one that ends later is not shown

async function run() {
  const mine = ++latest;
  const params = new URLSearchParams(location.search);
  const q = params.get("q") || "";
  form.q.value = q;
  const chosen = {};
  for (const name of FILTERS) {
    form[name].value = params.get(name) || "";
    if (form[name].value) chosen[name] = form[name].value;
  }
  const keys = queryKeys(q, lang);
  if (!keys.length && !Object.keys(chosen).length) { results.textContent = ""; results.removeAttribute("aria-busy"); return; }
  results.setAttribute("aria-busy", "true");
  const pf = await load();
  const found = pf ? await pf.search(keys.length ? keys.join(" ") : null, { filters: chosen }) : { results: [] };
  const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  if (mine !== latest) return;
  results.textContent = "";
  results.removeAttribute("aria-busy");
  const heading = document.createElement("p");
  heading.className = "search-count";
  heading.textContent = data.length ? results.dataset.count.replace("{n}", data.length) : results.dataset.none;
  results.append(heading);
  const list = document.createElement("ol");
  list.className = "search-list";
  for (const d of data) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = d.url;
    link.textContent = d.meta.title || d.url;
    const h = document.createElement("h2");
    h.className = "card-title";
    h.append(link);
    li.append(h);
    if (d.meta.text) li.append(excerpt(d.meta.text, keys));
    list.append(li);
  }
  results.append(list);
}

function submit() {
  const params = new URLSearchParams(new FormData(form));
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  history.pushState(null, "", "?" + params.toString());
  run();
}

form.addEventListener("submit", (event) => { event.preventDefault(); submit(); });
filters.addEventListener("change", submit);
window.addEventListener("popstate", run);
run();

