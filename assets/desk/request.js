// [SECTION] index
//   load/render  GET /desk/api/requests/{id}: masked; every value the resident typed goes in as text only
//   unmask       显示完整信息 asks for a reason first (the server audits it)
//   status       the buttons the current status allows; needs_more asks the message, rejected the reason
"use strict";

(function () {
  const T = window.DeskI18n;
  const el = Desk.el;
  const id = Desk.query("id") || "";
  let detail = null;

  // The documented transitions (docs/DESK_API.md: 不予受理 from any open status); the server decides, this
  // only greys out the rest.
  const NEXT = {
    received: ["accepted", "rejected"],
    accepted: ["processing", "rejected"],
    processing: ["done", "needs_more", "rejected"],
    needs_more: ["processing", "rejected"],
    done: [],
    rejected: []
  };

  // [SECTION] load/render
  function path(tail) { return "requests/" + encodeURIComponent(id) + (tail || ""); }

  function load() {
    return Desk.api("GET", path()).then(function (r) {
      if (r.status === 200 && r.data) { detail = r.data; render(); return; }
      if (r.status === 404) { document.getElementById("not-found").hidden = false; return; }
      if (r.status !== 401) Desk.toast(T.t("error.generic", { m: Desk.errorText(r) }), true);
    });
  }

  function text(idName, value) { document.getElementById(idName).textContent = String(value == null ? "" : value); }

  function render() {
    if (!detail) return;
    const d = detail;
    document.getElementById("detail").hidden = false;
    text("d-ticket", d.ticket);
    text("d-service", T.pick(d.service));
    text("d-ref", d.server_ref || d.request_id);
    text("d-kiosk", d.kiosk_id);
    text("d-created", String(d.created_at || "").replace("T", " ").replace(/(\+|Z).*$/, ""));
    text("d-call", (d.call_state ? T.t("call." + d.call_state) : "") + (d.window ? " · " + T.t("header.window", { n: d.window }) : ""));
    const st = document.getElementById("d-status");
    st.textContent = T.t("status." + d.desk_status);
    st.className = "d-status st-" + String(d.desk_status).replace(/[^a-z_]/g, "");

    const a = d.applicant || {};
    text("d-name", a.name);
    text("d-id-type", a.id_type ? T.t("id." + a.id_type) : "");
    text("d-id-number", a.id_number);
    text("d-phone", a.phone);
    text("d-source", d.identity_source ? T.t("detail.source." + d.identity_source) : "");
    document.getElementById("d-unmasked").hidden = !d.unmasked;
    document.getElementById("unmask").hidden = !!d.unmasked;
    document.getElementById("mask").hidden = !d.unmasked;
    document.getElementById("print").href = "/desk/api/" + path("/form.pdf");

    const fields = document.getElementById("d-fields");
    fields.textContent = "";
    (Array.isArray(d.fields) ? d.fields : []).forEach(function (f) {
      fields.appendChild(el("dt", null, T.pick(f.label) || String(f.key || "")));
      fields.appendChild(el("dd", { className: "field-value" }, f.value == null ? "" : String(f.value)));
    });

    const mats = document.getElementById("d-materials");
    const ticked = new Set(Array.from(mats.querySelectorAll("input:checked")).map(function (c) { return c.value; }));
    mats.textContent = "";
    const list = Array.isArray(d.materials) ? d.materials : [];
    list.forEach(function (m, i) {
      const box = el("input", { type: "checkbox", value: String(i), checked: ticked.has(String(i)) });
      mats.appendChild(el("li", null, el("label", { className: "check" }, [box, " ", T.pick(m)])));
    });
    if (list.length === 0) mats.appendChild(el("li", { className: "hint" }, T.t("detail.no_materials")));

    const msg = T.pick(d.message);
    document.getElementById("d-message-wrap").hidden = !msg;
    text("d-message", msg);

    const allowed = NEXT[d.desk_status] || [];
    document.querySelectorAll(".set-status").forEach(function (b) {
      if (!b.classList.contains("busy")) b.disabled = allowed.indexOf(b.dataset.status) < 0;
    });

    const hist = document.getElementById("d-history");
    hist.textContent = "";
    (Array.isArray(d.history) ? d.history : []).forEach(function (h) {
      hist.appendChild(el("li", null, [el("span", { className: "h-at" }, Desk.clock(h.at)), " ",
        el("strong", null, h.actor), " ", el("span", null, h.what)]));
    });
  }

  // [SECTION] unmask
  function unmask(btn) {
    return Desk.ask({
      title: T.t("detail.unmask_title"),
      fields: [{ key: "reason", label: T.t("detail.unmask_title"), hint: T.t("detail.unmask_hint"), required: true }],
      requiredMsg: T.t("detail.reason_required")
    }).then(function (v) {
      if (!v) return;
      return Desk.busy(btn, function () {
        return Desk.api("POST", path("/unmask"), { reason: v.reason }).then(function (r) {
          if (r.status === 200 && r.data) { detail = r.data; render(); return; }
          if (r.status !== 401) Desk.toast(T.t("error.generic", { m: Desk.errorText(r) }), true);
        });
      });
    });
  }

  // [SECTION] status
  function setStatus(btn) {
    const status = btn.dataset.status;
    let asking = Promise.resolve({});
    if (status === "needs_more") {
      asking = Desk.ask({
        title: T.t("needs_more.title"),
        fields: [{ key: "zh", label: T.t("needs_more.zh"), multiline: true, required: true },
                 { key: "en", label: T.t("needs_more.en"), multiline: true }],
        requiredMsg: T.t("needs_more.required")
      });
    } else if (status === "rejected") {
      asking = Desk.ask({
        title: T.t("reject.title"),
        fields: [{ key: "reason", label: T.t("reject.reason"), multiline: true, required: true },
                 { key: "zh", label: T.t("reject.message"), multiline: true }],
        requiredMsg: T.t("detail.reason_required")
      });
    }
    return asking.then(function (v) {
      if (!v) return;
      const body = { status: status };
      if (v.zh || v.en) body.message = { zh: v.zh || v.en || "", en: v.en || "" };
      if (v.reason) body.reason = v.reason;
      return Desk.busy(btn, function () {
        return Desk.api("POST", path("/status"), body).then(function (r) {
          if (r.status === 200 && r.data) {
            detail = r.data;
            render();
            Desk.toast(T.t("detail.changed", { s: T.t("status." + status) }));
          } else if (r.status === 409) {
            Desk.toast(T.t("detail.bad_transition"), true);
            load();
          } else if (r.status !== 401) {
            Desk.toast(T.t("error.generic", { m: Desk.errorText(r) }), true);
          }
        });
      }).then(render);   // busy() re-enabled the button: the new status decides again
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Desk.start().then(function () {
      const un = document.getElementById("unmask");
      un.addEventListener("click", function () { unmask(un); });
      const mk = document.getElementById("mask");
      mk.addEventListener("click", function () { Desk.busy(mk, load); });
      document.querySelectorAll(".set-status").forEach(function (b) {
        b.addEventListener("click", function () { setStatus(b); });
      });
      document.addEventListener("desk-lang", render);
      (function first() { load().catch(function () { setTimeout(first, 1000); }); })();
    });
  });
})();
