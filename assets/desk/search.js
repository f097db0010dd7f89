// [SECTION] index
//   run()        GET /desk/api/search?q=… for what is in the box (查询 button or Enter), one at a time
//   say()        the one line next to the box: 未找到, the 422 hint, a network or server error — never blank
//   render       the results under the header; a row (or its 打开 link) opens request.html for that request
//
// A resident at the window reads the 查询编号 (A023-7K3M) or the ticket (A023) off the receipt; the officer
// types it as heard — any case, dash or not, spaces — and the server decides what it is (app/short_ref.hpp),
// so the console does not keep a second copy of those rules. Every category is searched, whatever the window
// serves: the resident is standing here.
"use strict";

(function () {
  const T = window.DeskI18n;
  const el = Desk.el;
  let shown = null;          // { query, results } of the last answer on screen, re-rendered on a language switch
  let said = null;           // { key, vars, tone } of the line next to the box, likewise

  // [SECTION] say
  function say(key, vars, tone) {
    said = key ? { key: key, vars: vars, tone: tone } : null;
    const msg = document.getElementById("search-msg");
    msg.textContent = said ? T.t(key, vars) : "";
    msg.className = "search-msg msg" + (said ? " " + tone : "");
  }

  // [SECTION] run
  function run() {
    const box = document.getElementById("search-q");
    const button = document.getElementById("search-go");
    const q = box.value.trim();
    const shownQ = q.toUpperCase();   // as the box shows it (capitals), whatever was typed
    if (!q) {
      // Nothing typed: the hint straight away, no request (and no audit row for an empty search).
      hide();
      say("search.invalid", null, "bad");
      box.focus();
      return;
    }
    Desk.busy(button, function () {
      return Desk.api("GET", "search?q=" + encodeURIComponent(q)).then(function (r) {
        if (r.status === 200 && r.data && Array.isArray(r.data.results)) {
          const results = r.data.results;
          if (results.length === 0) {
            hide();
            say("search.none", { q: shownQ }, "warn");
          } else {
            show({ query: shownQ, results: results });
            say("search.found", { n: results.length }, "ok");
            // One match, the usual case: Enter again opens it.
            if (results.length === 1) {
              const open = document.querySelector("#search-table tbody .search-open");
              if (open) open.focus();
            }
          }
        } else if (r.status === 422) {
          hide();
          say("search.invalid", null, "bad");
          box.focus();
          box.select();
        } else if (r.status !== 401) {   // 401: already on the way to the login page
          hide();
          say("error.generic", { m: Desk.errorText(r) }, "bad");
        }
      }, function () {
        // The intake cannot be reached (the band is up too): said here, where the officer is looking.
        say("search.failed", null, "bad");
      });
    });
  }

  // [SECTION] render
  function show(answer) {
    shown = answer;
    render();
  }

  function hide() {
    shown = null;
    document.getElementById("search-results").hidden = true;
    document.querySelector("#search-table tbody").textContent = "";
  }

  function clear() {
    hide();
    say(null);
    const box = document.getElementById("search-q");
    box.value = "";
    box.focus();
  }

  function today() {
    const d = new Date();
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // Today's requests by time only (as the queue); a reference can name an older day, which is then written out.
  function when(t) {
    const day = String(t.day || "");
    const time = Desk.clock(t.created_at);
    return day && day !== today() ? day + " " + time : T.t("search.today", { t: time });
  }

  function render() {
    const section = document.getElementById("search-results");
    const tbody = document.querySelector("#search-table tbody");
    tbody.textContent = "";
    if (!shown) { section.hidden = true; return; }
    document.getElementById("search-title").textContent = T.t("search.title", { q: shown.query });
    shown.results.forEach(function (t) {
      const href = "request.html?id=" + encodeURIComponent(String(t.request_id));
      const open = el("a", { className: "btn btn-small search-open", href: href }, T.t("search.open"));
      const tr = el("tr", { className: "search-row" }, [
        el("td", { className: "c-ticket" }, t.ticket),
        el("td", { className: "c-ref" }, t.short_ref),
        el("td", { className: "c-service" }, T.pick(t.service)),
        el("td", { className: "c-name" }, t.name_masked),
        el("td", { className: "c-status" }, T.t("status." + t.desk_status)),
        el("td", { className: "c-call" }, T.t("call." + t.call_state) + (t.window ? " · " + T.t("header.window", { n: t.window }) : "")),
        el("td", { className: "c-time" }, when(t)),
        el("td", { className: "c-actions" }, open)
      ]);
      tr.dataset.requestId = String(t.request_id);
      // The whole row is the target (a large one); the link inside stays for the keyboard and a middle click.
      tr.addEventListener("click", function (e) {
        if (e.target.closest("a")) return;
        window.location.href = href;
      });
      tbody.appendChild(tr);
    });
    section.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("search");
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    const box = document.getElementById("search-q");
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); clear(); }
    });
    document.getElementById("search-close").addEventListener("click", clear);
    document.addEventListener("desk-lang", function () {
      render();
      if (said) say(said.key, said.vars, said.tone);
    });
  });
})();
