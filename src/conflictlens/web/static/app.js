// Shared by every page: the write token (kept in this browser's localStorage) and authenticated writes.
(function () {
  "use strict";
  var KEY = "conflictlens-token";
  var cl = (window.cl = {});
  cl.token = function () { return window.localStorage.getItem(KEY) || ""; };
  cl.reviewer = function () { return window.localStorage.getItem("conflictlens-reviewer") || ""; };
  cl.post = function (url, body, contentType) {
    var headers = { Authorization: "Bearer " + cl.token() };
    headers["Content-Type"] = contentType || "application/json";
    return fetch(url, { method: "POST", headers: headers, body: contentType ? body : JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (data) {
          if (!r.ok || data.ok === false) { throw new Error(data.error || ("HTTP " + r.status)); }
          return data;
        });
      });
  };
  cl.query = function () { return window.location.search.replace(/^\?/, ""); };
  function showState() {
    var state = document.getElementById("token-state");
    if (state) { state.textContent = cl.token() ? "token saved" : "no token"; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("token-form");
    showState();
    var name = document.getElementById("reviewer-input");
    if (name) {
      name.value = cl.reviewer();
      name.addEventListener("change", function () { window.localStorage.setItem("conflictlens-reviewer", name.value.trim()); });
    }
    if (!form) { return; }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var input = document.getElementById("token-input");
      if (!input) { return; }
      var given = input.value.trim();
      window.localStorage.setItem(KEY, given);
      cl.post("/api/token", {}).then(function () {
        input.value = ""; showState();
      }).catch(function (err) {
        window.localStorage.removeItem(KEY); showState();
        document.getElementById("token-state").textContent = "token refused: " + err.message;
      });
    });
  });
})();
