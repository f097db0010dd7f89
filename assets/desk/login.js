// The login page: name + password → POST /desk/api/login → the queue. Says why a login failed: wrong
// credentials, a lockout with the seconds left (counting down), or the session that expired before.
"use strict";

(function () {
  const T = window.DeskI18n;
  const form = document.getElementById("login-form");
  const msg = document.getElementById("login-msg");
  const submit = document.getElementById("login-submit");
  let lockTimer = null;
  let locked = false;
  let shown = null;   // { key, vars } of the message on screen, re-rendered on a language switch

  function say(key, vars, kind) {
    shown = { key: key, vars: vars, kind: kind };
    msg.textContent = T.t(key, vars);
    msg.className = "msg " + (kind || "bad");
    msg.hidden = false;
  }

  document.addEventListener("desk-lang", function () { if (shown) say(shown.key, shown.vars, shown.kind); });

  function lockout(seconds) {
    clearInterval(lockTimer);
    let left = Math.max(1, Math.ceil(seconds));
    locked = true;
    submit.disabled = true;
    say("login.locked", { s: left });
    lockTimer = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(lockTimer);
        locked = false;
        submit.disabled = false;
        msg.hidden = true;
        shown = null;
        return;
      }
      say("login.locked", { s: left });
    }, 1000);
  }

  function retryAfter(r) {
    const h = Number(r.headers.get("Retry-After"));
    if (h > 0) return h;
    if (r.data && Number(r.data.retry_after_s) > 0) return Number(r.data.retry_after_s);
    return 30;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    const name = document.getElementById("name").value.trim();
    const password = document.getElementById("password").value;
    if (!name || !password) { say("login.missing"); return; }
    Desk.busy(submit, function () {
      return Desk.api("POST", "login", { name: name, password: password }).then(function (r) {
        if (r.status === 200 && r.data) {
          try { window.sessionStorage.removeItem("desk_flash"); } catch (err) { /* ignore */ }
          window.location.replace("queue.html");
          return;
        }
        document.getElementById("password").value = "";
        if (r.status === 429) { lockout(retryAfter(r)); return; }
        if (r.status === 401) { say("login.wrong"); return; }
        say("error.generic", { m: Desk.errorText(r) });
      });
    }).then(function () { if (locked) submit.disabled = true; });   // busy() re-enabled it
  });

  document.addEventListener("DOMContentLoaded", function () {
    T.apply(document);
    document.getElementById("lang").addEventListener("click", function () {
      T.setLang(T.lang() === "zh" ? "en" : "zh");
    });
    let flash = null;
    try { flash = window.sessionStorage.getItem("desk_flash"); window.sessionStorage.removeItem("desk_flash"); }
    catch (err) { /* ignore */ }
    if (flash === "expired") say("login.expired");
    else if (flash === "logged_out") say("login.logged_out", null, "ok");
    // Already signed in (a reload, a second tab): straight to the queue.
    Desk.api("GET", "session").then(function (r) {
      if (r.status === 200) window.location.replace("queue.html");
    }, function () { /* the band shows; the form still works once the server is back */ });
  });
})();
