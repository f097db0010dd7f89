// [SECTION] index
//   poll()       GET /desk/api/queue every second (one at a time), keeps retrying while the link is down
//   render       keyed rows: a poll updates cells in place, so a button under the mouse is never replaced
//   current      the ticket this window is calling, and its buttons (叫下一位 重呼 过号 转窗口 详情)
//   keys         N / F2 call next, R / F3 recall, / or F4 to the search box (search.js)
"use strict";

(function () {
  const T = window.DeskI18n;
  const el = Desk.el;
  let me = null;             // the officer (window, serves)
  let last = null;           // the last queue answer
  let currentId = null;      // request_id this window is calling
  const rows = new Map();    // request_id → { tr, cells, buttons }

  // [SECTION] poll
  let pollTimer = null;
  function poll() {
    clearTimeout(pollTimer);
    const all = document.getElementById("show-all").checked ? "?all=1" : "";
    Desk.api("GET", "queue" + all).then(function (r) {
      if (r.status === 200 && r.data) {
        last = r.data;
        render();
        document.dispatchEvent(new CustomEvent("desk-queue", { detail: last }));   // search.js follows it
      }
    }, function () { /* band is up; try again below */ }).then(function () {
      pollTimer = setTimeout(poll, 1000);
    });
  }

  // [SECTION] render
  function render() {
    if (!last) return;
    const tickets = Array.isArray(last.tickets) ? last.tickets : [];
    const tbody = document.querySelector("#tickets tbody");
    const seen = new Set();
    let waiting = 0;
    tickets.forEach(function (t, i) {
      const id = String(t.request_id);
      seen.add(id);
      if (t.call_state === "waiting") waiting += 1;
      let row = rows.get(id);
      if (!row) { row = makeRow(id); rows.set(id, row); }
      fillRow(row, t);
      if (tbody.children[i] !== row.tr) tbody.insertBefore(row.tr, tbody.children[i] || null);
    });
    rows.forEach(function (row, id) {
      if (!seen.has(id)) { row.tr.remove(); rows.delete(id); }
    });
    document.getElementById("empty").hidden = tickets.length > 0;
    document.getElementById("waiting-count").textContent = T.t("queue.waiting_count", { n: waiting });
    document.getElementById("updated").textContent = T.t("queue.updated", { t: Desk.clock(last.updated_at) });
    renderAlerts(Array.isArray(last.alerts) ? last.alerts : []);
    renderCurrent(tickets);
  }

  function makeRow(id) {
    const tr = el("tr");
    tr.dataset.requestId = id;
    const cells = {};
    ["ticket", "service", "name", "kiosk", "wait", "call", "window", "status"].forEach(function (k) {
      cells[k] = el("td", { className: "c-" + k });
      tr.appendChild(cells[k]);
    });
    const actions = el("td", { className: "c-actions" });
    const buttons = {
      recall: el("button", { type: "button", className: "btn btn-small act-recall" }),
      no_show: el("button", { type: "button", className: "btn btn-small act-no-show" }),
      transfer: el("button", { type: "button", className: "btn btn-small act-transfer" }),
      detail: el("a", { className: "btn btn-small act-detail", href: "request.html?id=" + encodeURIComponent(id) })
    };
    buttons.recall.addEventListener("click", function () { recall(buttons.recall, id); });
    buttons.no_show.addEventListener("click", function () { noShow(buttons.no_show, id); });
    buttons.transfer.addEventListener("click", function () { transfer(buttons.transfer, id); });
    Object.keys(buttons).forEach(function (k) { actions.appendChild(buttons[k]); });
    tr.appendChild(actions);
    return { tr: tr, cells: cells, buttons: buttons, state: null };
  }

  function setText(node, text) {
    text = String(text == null ? "" : text);
    if (node.textContent !== text) node.textContent = text;
  }

  function fillRow(row, t) {
    row.ticket = t;
    setText(row.cells.ticket, t.ticket);
    setText(row.cells.service, T.pick(t.service));
    setText(row.cells.name, t.name_masked);
    setText(row.cells.kiosk, t.kiosk_id);
    setText(row.cells.wait, t.call_state === "waiting" ? T.duration(t.wait_s) : "");
    setText(row.cells.call, T.t("call." + t.call_state) + (Number(t.recalls) > 0 ? " ×" + (Number(t.recalls) + 1) : ""));
    setText(row.cells.window, t.window ? String(t.window) : "");
    setText(row.cells.status, T.t("status." + t.desk_status));
    row.tr.className = "call-" + String(t.call_state).replace(/[^a-z_]/g, "") +
      (me && Number(t.window) === Number(me.window) && t.call_state === "called" ? " mine" : "");
    setText(row.buttons.recall, T.t("queue.recall"));
    setText(row.buttons.no_show, T.t("queue.no_show"));
    setText(row.buttons.transfer, T.t("queue.transfer"));
    setText(row.buttons.detail, T.t("queue.detail"));
    if (!row.buttons.recall.classList.contains("busy"))
      row.buttons.recall.disabled = !(t.call_state === "called" || t.call_state === "no_show");
    if (!row.buttons.no_show.classList.contains("busy")) row.buttons.no_show.disabled = t.call_state !== "called";
    if (!row.buttons.transfer.classList.contains("busy")) row.buttons.transfer.disabled = t.call_state === "served";
  }

  function renderAlerts(alerts) {
    const band = document.getElementById("alerts");
    band.textContent = "";
    alerts.forEach(function (a) {
      band.appendChild(el("div", { className: "alert alert-" + String(a.kind).replace(/[^a-z]/g, "") }, [
        el("strong", null, T.t("alert." + a.kind)), " ",
        el("span", { className: "alert-kiosk" }, a.kiosk_id), " ",
        el("span", { className: "alert-at" }, Desk.clock(a.at)), " ",
        el("span", { className: "alert-msg" }, T.pick(a.message))
      ]));
    });
    band.hidden = alerts.length === 0;
  }

  // [SECTION] current
  function findTicket(id) {
    const tickets = last && Array.isArray(last.tickets) ? last.tickets : [];
    for (const t of tickets) if (String(t.request_id) === id) return t;
    return null;
  }

  function renderCurrent(tickets) {
    let cur = currentId ? findTicket(currentId) : null;
    if (cur && !(cur.call_state === "called" && Number(cur.window) === Number(me.window))) cur = null;
    if (!cur) {
      // After a reload or a transfer in: the newest ticket called to this window.
      currentId = null;
      for (const t of tickets) {
        if (t.call_state === "called" && Number(t.window) === Number(me.window)) { cur = t; }
      }
      if (cur) currentId = String(cur.request_id);
    }
    document.getElementById("current-ticket").textContent = cur ? String(cur.ticket) : "—";
    document.getElementById("current-service").textContent = cur ? T.pick(cur.service) + " · " + String(cur.name_masked || "") : T.t("queue.none_current");
    ["recall", "no-show", "transfer", "open-current"].forEach(function (b) {
      const btn = document.getElementById(b);
      if (!btn.classList.contains("busy")) btn.disabled = !cur;
    });
  }

  function after(r, okText) {
    if (r.status === 200 && r.data) {
      Desk.toast(okText(r.data));
    } else if (r.status === 404 && r.data && r.data.error === "none_waiting") {
      Desk.toast(T.t("queue.none_waiting"));
    } else if (r.status !== 401) {
      Desk.toast(T.t("error.generic", { m: Desk.errorText(r) }), true);
    }
    poll();
  }

  function callNext(btn) {
    return Desk.busy(btn, function () {
      return Desk.api("POST", "calls/next").then(function (r) {
        if (r.status === 200 && r.data) currentId = String(r.data.request_id);
        after(r, function (d) { return T.t("queue.called", { t: d.ticket, n: d.window }); });
      });
    });
  }

  function recall(btn, id) {
    if (!id) return Promise.resolve();
    return Desk.busy(btn, function () {
      return Desk.api("POST", "calls/" + encodeURIComponent(id) + "/recall").then(function (r) {
        if (r.status === 200) currentId = id;
        after(r, function (d) { return T.t("queue.recalled", { t: d.ticket, r: d.recalls }); });
      });
    });
  }

  function noShow(btn, id) {
    if (!id) return Promise.resolve();
    return Desk.busy(btn, function () {
      return Desk.api("POST", "calls/" + encodeURIComponent(id) + "/no_show").then(function (r) {
        after(r, function (d) { return T.t("queue.marked_no_show", { t: d.ticket }); });
      });
    });
  }

  function transfer(btn, id) {
    if (!id) return Promise.resolve();
    return Desk.ask({
      title: T.t("transfer.title"),
      fields: [{ key: "window", label: T.t("transfer.window"), type: "number", required: true,
                 errorMsg: T.t("transfer.bad"),
                 check: function (v) { return /^\d{1,2}$/.test(v) && Number(v) >= 1; } }]
    }).then(function (v) {
      if (!v) return;
      return Desk.busy(btn, function () {
        return Desk.api("POST", "calls/" + encodeURIComponent(id) + "/transfer", { window: Number(v.window) })
          .then(function (r) {
            after(r, function (d) { return T.t("queue.transferred", { t: d.ticket, n: d.window }); });
          });
      });
    });
  }

  // [SECTION] keys
  function onKey(e) {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    const tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (e.key === "n" || e.key === "N" || e.key === "F2") {
      e.preventDefault();
      document.getElementById("call-next").click();
    } else if (e.key === "r" || e.key === "R" || e.key === "F3") {
      e.preventDefault();
      document.getElementById("recall").click();
    } else if (e.key === "/" || e.key === "F4") {
      e.preventDefault();
      const box = document.getElementById("search-q");
      box.focus();
      box.select();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Desk.start().then(function (officer) {
      me = officer;
      const next = document.getElementById("call-next");
      next.addEventListener("click", function () { callNext(next); });
      const rc = document.getElementById("recall");
      rc.addEventListener("click", function () { if (!rc.disabled) recall(rc, currentId); });
      const ns = document.getElementById("no-show");
      ns.addEventListener("click", function () { noShow(ns, currentId); });
      const tr = document.getElementById("transfer");
      tr.addEventListener("click", function () { transfer(tr, currentId); });
      document.getElementById("open-current").addEventListener("click", function () {
        if (currentId) window.location.href = "request.html?id=" + encodeURIComponent(currentId);
      });
      document.getElementById("show-all").addEventListener("change", poll);
      document.addEventListener("keydown", onKey);
      document.addEventListener("desk-lang", render);
      poll();
    });
  });
})();
