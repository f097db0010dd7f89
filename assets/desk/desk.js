// [SECTION] index
//   api()        every call to /desk/api/: cookie, CSRF token, language; 401 → login page "登录已过期"
//   netBand      the "连接中断，正在重试" band while the server cannot be reached
//   busy()       disables a button while its request runs (no double call, no lost click)
//   header       officer name and window, language switch, logout
//   dialogs      <dialog> forms for reasons and messages
//   el()         builds DOM nodes; server text only ever goes through textContent
"use strict";

window.Desk = (function () {
  const T = window.DeskI18n;
  let csrf = "";
  let officer = null;
  let idleTimeoutS = 600;

  // [SECTION] api
  // Resolves { status, data, headers } for every HTTP answer; rejects only when the server cannot be
  // reached (fetch failed), after showing the band (shown for a 503 too). A 401 on any call but login ends
  // the page.
  function api(method, path, body) {
    const headers = { "Accept": "application/json", "Accept-Language": T.acceptLanguage() };
    if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
    const init = { method: method, headers: headers, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch("/desk/api/" + path, init).then(function (res) {
      netBand(res.status === 503);   // the intake answered but its database did not: the same "retrying"
      return res.text().then(function (text) {
        let data = null;
        if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
        if (res.status === 401 && path !== "login" && path !== "session") toLogin("expired");
        return { status: res.status, data: data, headers: res.headers };
      });
    }, function (err) {
      netBand(true);
      throw err;
    });
  }

  // The server's words for an error, else the code, else the HTTP status.
  function errorText(r) {
    if (r && r.data && r.data.message) return String(r.data.message);
    if (r && r.data && r.data.error) return String(r.data.error);
    return "HTTP " + (r ? r.status : "?");
  }

  function toLogin(why) {
    try {
      window.sessionStorage.setItem("desk_flash", why);
      window.sessionStorage.removeItem("desk_search_q");   // the next officer at this screen starts clean
    } catch (e) { /* ignore */ }
    window.location.replace("index.html");
  }

  // [SECTION] netBand
  function netBand(down) {
    const band = document.getElementById("net-band");
    if (band) band.hidden = !down;
    document.body.classList.toggle("offline", !!down);   // what is on screen may be stale: dimmed
  }

  // [SECTION] busy
  // Runs fn() (a promise) with the button disabled; a second click while it runs does nothing. A network
  // failure is said in words (the band says the rest), never dropped silently.
  function busy(button, fn) {
    if (button.disabled) return Promise.resolve();
    button.disabled = true;
    button.classList.add("busy");
    return Promise.resolve().then(fn).catch(function () {
      toast(T.t("net.failed"), true);
    }).then(function () {
      button.disabled = false;
      button.classList.remove("busy");
    });
  }

  // [SECTION] toast
  let toastTimer = null;
  function toast(text, bad) {
    const box = document.getElementById("toast");
    if (!box) return;
    box.textContent = text;
    box.classList.toggle("bad", !!bad);
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 6000);
  }

  // [SECTION] header
  // Every page but login: asks the server who is signed in (also refreshes the CSRF token after a reload),
  // fills the header and resolves the officer; 401 has already gone to the login page.
  function start() {
    T.apply(document);
    const langBtn = document.getElementById("lang");
    if (langBtn) langBtn.addEventListener("click", function () { T.setLang(T.lang() === "zh" ? "en" : "zh"); });
    const logout = document.getElementById("logout");
    if (logout) {
      logout.addEventListener("click", function () {
        busy(logout, function () {
          return api("POST", "logout").then(function () { toLogin("logged_out"); });
        });
      });
    }
    document.addEventListener("desk-lang", fillHeader);
    return askSession();
  }

  // Retries only the question, not the wiring above (a second click listener on 语言 would undo the first).
  function askSession() {
    const again = function () { return new Promise(function (resolve) { setTimeout(resolve, 1000); }).then(askSession); };
    return api("GET", "session").then(function (r) {
      // 503: the database is down or restarting — the session may well be alive, so wait, do not log out.
      if (r.status === 503) return again();
      if (r.status !== 200 || !r.data) { toLogin("expired"); return new Promise(function () {}); }
      setSession(r.data);
      fillHeader();
      watchIdle();
      return officer;
    }, again);   // unreachable at start: try again in a second (the band is up)
  }

  function setSession(data) {
    csrf = String(data.csrf_token || "");
    officer = data.officer || {};
    if (data.idle_timeout_s) idleTimeoutS = Number(data.idle_timeout_s) || 600;
  }

  function fillHeader() {
    if (!officer) return;
    const name = document.getElementById("officer-name");
    const win = document.getElementById("officer-window");
    if (name) name.textContent = String(officer.name || "");
    if (win) win.textContent = T.t("header.window", { n: officer.window });
  }

  // [SECTION] idle
  // The queue polls every second, which the server counts as use; a desk left alone for the session's idle
  // time signs itself out, so an unattended screen does not stay open on residents' data.
  function watchIdle() {
    let last = Date.now();
    ["keydown", "mousedown", "mousemove", "wheel", "touchstart"].forEach(function (ev) {
      document.addEventListener(ev, function () { last = Date.now(); }, { passive: true });
    });
    setInterval(function () {
      if (Date.now() - last > idleTimeoutS * 1000) {
        api("POST", "logout").catch(function () {}).then(function () { toLogin("expired"); });
      }
    }, 1000);
  }

  // [SECTION] dialogs
  // ask({ title, fields: [{ key, label, required, multiline, type, value, hint }], requiredMsg }) resolves
  // { key: value } on OK, null on cancel. Built from the page's one <dialog id="ask">.
  function ask(opts) {
    const dlg = document.getElementById("ask");
    const form = dlg.querySelector("form");
    const body = dlg.querySelector(".ask-fields");
    const err = dlg.querySelector(".ask-error");
    dlg.querySelector(".ask-title").textContent = opts.title;
    body.textContent = "";
    err.textContent = "";
    const inputs = {};
    opts.fields.forEach(function (f) {
      const label = el("label", { className: "ask-label" }, f.label);
      const input = f.multiline ? el("textarea", { rows: 3 }) : el("input", { type: f.type || "text" });
      input.name = f.key;
      input.id = "ask-" + f.key;
      if (f.type === "number") { input.min = "1"; input.max = "99"; input.step = "1"; }
      if (f.value !== undefined) input.value = f.value;
      input.addEventListener("input", function () { err.textContent = ""; });
      label.appendChild(input);
      if (f.hint) label.appendChild(el("span", { className: "hint" }, f.hint));
      body.appendChild(label);
      inputs[f.key] = { input: input, spec: f };
    });
    return new Promise(function (resolve) {
      function done(v) {
        form.removeEventListener("submit", onSubmit);
        cancel.removeEventListener("click", onCancel);
        dlg.removeEventListener("cancel", onCancel);
        if (dlg.open) dlg.close();
        resolve(v);
      }
      function onSubmit(e) {
        e.preventDefault();
        const out = {};
        for (const k of Object.keys(inputs)) {
          const v = inputs[k].input.value.trim();
          const check = inputs[k].spec.check;
          if ((inputs[k].spec.required && !v) || (check && !check(v))) {
            err.textContent = inputs[k].spec.errorMsg || opts.requiredMsg || T.t("detail.reason_required");
            inputs[k].input.focus();
            return;
          }
          out[k] = v;
        }
        done(out);
      }
      function onCancel(e) { if (e) e.preventDefault(); done(null); }
      const cancel = dlg.querySelector(".ask-cancel");
      form.addEventListener("submit", onSubmit);
      cancel.addEventListener("click", onCancel);
      dlg.addEventListener("cancel", onCancel);
      dlg.showModal();
      const first = body.querySelector("input, textarea");
      if (first) first.focus();
    });
  }

  // [SECTION] el
  // el("td", { className: "x" }, "text" | node | [nodes]) — text is set with textContent, never parsed.
  function el(tag, props, content) {
    const node = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) { node[k] = props[k]; });
    append(node, content);
    return node;
  }
  function append(node, content) {
    if (content === undefined || content === null) return;
    if (Array.isArray(content)) { content.forEach(function (c) { append(node, c); }); return; }
    if (content instanceof Node) { node.appendChild(content); return; }
    node.appendChild(document.createTextNode(String(content)));
  }

  // "2026-12-02T09:30:05+08:00" → "09:30:05" (the desk's day is today; the date is in the page title).
  function clock(iso) {
    const m = /T(\d\d:\d\d(:\d\d)?)/.exec(String(iso || ""));
    return m ? m[1] : String(iso || "");
  }

  function query(name) {
    return new URLSearchParams(window.location.search).get(name);
  }

  return {
    api: api, errorText: errorText, toLogin: toLogin, busy: busy, toast: toast, start: start,
    setSession: setSession, ask: ask, el: el, clock: clock, query: query, netBand: netBand,
    officer: function () { return officer; }
  };
})();
