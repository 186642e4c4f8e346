/* Site search with Pagefind's JavaScript API (no inline code, works under the CSP). */
const root = document.body.dataset.root.endsWith("/") ? document.body.dataset.root : document.body.dataset.root + "/";
const form = document.querySelector("[data-search-form]");
const results = document.querySelector("[data-search-results]");
const filters = document.querySelector("[data-search-filters]");
document.querySelector("[data-search-nojs]").hidden = true;
filters.hidden = false;

let pagefind;
async function load() {
  if (!pagefind) {
    pagefind = await import(root + "pagefind/pagefind.js");
    await pagefind.options({ basePath: root + "pagefind/" });
    pagefind.init();
  }
  return pagefind;
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

async function run() {
  const params = new URLSearchParams(location.search);
  const q = params.get("q") || "";
  form.q.value = q;
  form.kind.value = params.get("kind") || "";
  form.municipality.value = params.get("municipality") || "";
  if (!q.trim()) { results.textContent = ""; return; }
  const pf = await load();
  const chosen = {};
  if (form.kind.value) chosen.kind = form.kind.value;
  if (form.municipality.value) chosen.municipality = form.municipality.value;
  // Search as typed and without diacritics; merge, keeping the better score.
  const [a, b] = await Promise.all([pf.search(q, { filters: chosen }), pf.search(fold(q), { filters: chosen })]);
  const byId = new Map();
  for (const r of [...a.results, ...b.results]) {
    const seen = byId.get(r.id);
    if (!seen || r.score > seen.score) byId.set(r.id, r);
  }
  const ranked = [...byId.values()].sort((x, y) => y.score - x.score).slice(0, 20);
  const data = await Promise.all(ranked.map((r) => r.data()));
  results.textContent = "";
  const heading = document.createElement("p");
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
    const p = document.createElement("p");
    p.innerHTML = d.excerpt; // Pagefind's excerpt of our own pages, with <mark> around matches
    li.append(h, p);
    list.append(li);
  }
  results.append(list);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(form));
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  history.pushState(null, "", "?" + params.toString());
  run();
});
window.addEventListener("popstate", run);
run();
