// The day report: GET /desk/api/report?day=… (figures only, no personal data) and the CSV export link.
"use strict";

(function () {
  const T = window.DeskI18n;
  const el = Desk.el;
  let last = null;

  function today() {
    const d = new Date();
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function text(id, v) { document.getElementById(id).textContent = String(v == null ? "" : v); }

  function render() {
    if (!last) return;
    const r = last;
    text("r-served", r.served);
    text("r-no-shows", r.no_shows);
    text("r-avg", T.duration(r.avg_wait_s));
    text("r-p90", T.duration(r.p90_wait_s));
    const rt = r.ratings || {};
    text("r-ratings", Number(rt.count) > 0
      ? T.t("report.ratings_value", { a: Number(rt.average).toFixed(1), c: rt.count }) : T.t("report.no_ratings"));
    const tbody = document.querySelector("#by-service tbody");
    tbody.textContent = "";
    (Array.isArray(r.by_service) ? r.by_service : []).forEach(function (s) {
      tbody.appendChild(el("tr", null, [el("td", null, T.pick(s.service) || s.service_id), el("td", null, s.count)]));
    });
  }

  function load(btn) {
    const day = document.getElementById("day").value || today();
    document.getElementById("csv").href = "/desk/api/report.csv?day=" + encodeURIComponent(day);
    return Desk.busy(btn, function () {
      return Desk.api("GET", "report?day=" + encodeURIComponent(day)).then(function (r) {
        if (r.status === 200 && r.data) { last = r.data; render(); }
        else if (r.status !== 401) Desk.toast(T.t("error.generic", { m: Desk.errorText(r) }), true);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Desk.start().then(function () {
      const day = document.getElementById("day");
      day.value = Desk.query("day") || today();
      const btn = document.getElementById("report-show");
      document.getElementById("report-form").addEventListener("submit", function (e) {
        e.preventDefault();
        load(btn);
      });
      document.addEventListener("desk-lang", render);
      load(btn);
    });
  });
})();
