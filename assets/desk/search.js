// [SECTION] index
//   run()        GET /desk/api/search?q=… for what is in the box (查询 button or Enter), one at a time
//   say()        the one line next to the box: 未找到, the 422 hint, a network or server error — never blank
//   render       the results under the header; a row (or its 打开 link) opens request.html for that request
//   follow       each queue poll (queue.js's "desk-queue" event) updates the shown rows' states in place
//   keep         the query outlives a visit to request.html (sessionStorage): back on the queue page it runs again
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
  const KEEP = "desk_search_q";   // sessionStorage: this tab only, gone with the tab (and at logout, desk.js)

  // [SECTION] say
  function say(key, vars, tone) {
    said = key ? { key: key, vars: vars, tone: tone } : null;
    const msg = document.getElementById("search-msg");
    msg.textContent = said ? T.t(key, vars) : "";
    msg.className = "search-msg msg" + (said ? " " + tone : "");
  }

  // [SECTION] run
  // restoring: the officer came back from a request's page; the search runs again, the focus is left alone.
  function run(restoring) {
    const box = document.getElementById("search-q");
    const button = document.getElementById("search-go");
    const q = box.value.trim();
    const shownQ = q.toUpperCase();   // as the box shows it (capitals), whatever was typed
    if (!q) {
      // Nothing typed: the hint straight away, no request (and no audit row for an empty search).
      keep(null);
      hide();
      say("search.invalid", null, "bad");
      box.focus();
      return;
    }
    Desk.busy(button, function () {
      return Desk.api("GET", "search?q=" + encodeURIComponent(q)).then(function (r) {
        if (r.status === 200 && r.data && Array.isArray(r.data.results)) {
          const results = r.data.results;
          keep(q);
          if (results.length === 0) {
            hide();
            say("search.none", { q: shownQ }, "warn");
          } else {
            show({ query: shownQ, results: results });
            say("search.found", { n: results.length }, "ok");
            // One match, the usual case: Enter again opens it.
            if (results.length === 1 && !restoring) {
              const open = document.querySelector("#search-table tbody .search-open");
              if (open) open.focus();
            }
          }
        } else if (r.status === 422) {
          keep(null);
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
    keep(null);
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

  function statusText(t) { return T.t("status." + t.desk_status); }
  function callText(t) {
    return T.t("call." + t.call_state) + (t.window ? " · " + T.t("header.window", { n: t.window }) : "");
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
        el("td", { className: "c-status" }, statusText(t)),
        el("td", { className: "c-call" }, callText(t)),
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

  // [SECTION] follow
  // The shown results are a snapshot; today's tickets in the queue answer (every second) carry their current
  // states, so those rows follow without another search (each search is audited). Cells change in place:
  // the row under the mouse stays the same element. A result of another day or category keeps its state.
  function follow(queue) {
    if (!shown || !queue || !Array.isArray(queue.tickets)) return;
    const now = new Map(queue.tickets.map(function (t) { return [String(t.request_id), t]; }));
    shown.results.forEach(function (t) {
      const q = now.get(String(t.request_id));
      if (!q) return;
      ["desk_status", "call_state", "window"].forEach(function (k) { if (k in q) t[k] = q[k]; });
      const tr = document.querySelector('#search-table tbody tr[data-request-id="' + CSS.escape(String(t.request_id)) + '"]');
      if (!tr) return;
      setText(tr.querySelector(".c-status"), statusText(t));
      setText(tr.querySelector(".c-call"), callText(t));
    });
  }

  function setText(cell, text) {
    if (cell && cell.textContent !== text) cell.textContent = text;
  }

  // [SECTION] keep
  function keep(q) {
    try {
      if (q) window.sessionStorage.setItem(KEEP, q); else window.sessionStorage.removeItem(KEEP);
    } catch (e) { /* storage off: the query is simply not kept */ }
  }

  function kept() {
    try { return window.sessionStorage.getItem(KEEP) || ""; } catch (e) { return ""; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("search");
    form.addEventListener("submit", function (e) { e.preventDefault(); run(false); });
    const box = document.getElementById("search-q");
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); clear(); }
    });
    document.getElementById("search-close").addEventListener("click", clear);
    document.addEventListener("desk-lang", function () {
      render();
      if (said) say(said.key, said.vars, said.tone);
    });
    document.addEventListener("desk-queue", function (e) { follow(e.detail); });
    const q = kept();
    if (q) {
      box.value = q;
      run(true);
    }
  });
})();
