/* Progressive enhancements; every page works without this file.
   1. The header line: today's weekday and date and the day's name days.
   2. Calendars: mark today's cell. */
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "/";
  if (root.charAt(root.length - 1) !== "/") { root += "/"; }
  var lang = body.getAttribute("data-lang") || "lv";

  function rigaToday() {
    var parts = new Intl.DateTimeFormat("en-CA", {timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit"})
      .formatToParts(new Date());
    var out = {};
    parts.forEach(function (p) { out[p.type] = p.value; });
    return {iso: out.year + "-" + out.month + "-" + out.day, month: +out.month, day: +out.day,
            weekday: new Date(Date.UTC(+out.year, +out.month - 1, +out.day)).getUTCDay()};
  }

  var today = rigaToday();

  // Calendars: mark today.
  var cells = document.querySelectorAll('[data-calendar] time[datetime="' + today.iso + '"]');
  Array.prototype.forEach.call(cells, function (time) {
    var cell = time.closest("td") || time.parentNode;
    cell.classList.add("is-today");
    time.setAttribute("aria-current", "date");
  });

  // Header line.
  var line = document.querySelector("[data-today]");
  if (!line || !window.fetch) { return; }
  fetch(root + "theme/data/today.json").then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
    if (!data) { return; }
    var words = data.languages[lang] || data.languages.lv;
    var key = (today.month < 10 ? "0" : "") + today.month + "-" + (today.day < 10 ? "0" : "") + today.day;
    var names = data.namedays[key] || [];
    var weekday = words.weekdays[(today.weekday + 6) % 7];
    var text = words.pattern.replace("{weekday}", weekday).replace("{day}", today.day)
      .replace("{month}", words.months[today.month - 1]);
    if (names.length) { text += " " + words.namedays + " " + names.join(", ") + "."; }
    if ((data.special || []).indexOf(key) >= 0 && words.special) { text += " " + words.special; }
    line.textContent = text;
    line.hidden = false;
  }).catch(function () { /* the line stays hidden */ });
})();
