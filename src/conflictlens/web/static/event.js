// Event page: review actions (accept, reject, reopen, edit a field, merge, split) sent with the write token.
(function () {
  "use strict";
  var box = document.getElementById("review");
  if (!box) { return; }
  var id = box.getAttribute("data-event-id");
  var message = document.getElementById("review-message");
  function send(body) {
    if (!window.cl.token()) { message.textContent = "Save the write token (top right) first."; return; }
    message.textContent = "saving…";
    body.who = window.cl.reviewer();
    window.cl.post("/api/events/" + encodeURIComponent(id) + "/review", body).then(function (data) {
      var state = document.getElementById("review-state");
      state.textContent = data.event.review.state;
      state.className = "state state-" + data.event.review.state;
      message.textContent = body.action + " saved";
      window.setTimeout(function () { window.location.reload(); }, 400);  // show the new log and values
    }).catch(function (err) { message.textContent = "refused: " + err.message; });
  }
  ["accept", "reject", "reopen"].forEach(function (action) {
    var b = document.getElementById(action);
    if (b) { b.addEventListener("click", function () { send({ action: action }); }); }
  });
  var edit = document.getElementById("edit-form");
  if (edit) {
    edit.addEventListener("submit", function (ev) {
      ev.preventDefault();
      send({ action: "edit", field: edit.elements.field.value, value: edit.elements.value.value });
    });
  }
  var merge = document.getElementById("merge-form");
  if (merge) {
    merge.addEventListener("submit", function (ev) {
      ev.preventDefault();
      send({ action: "merge", other_id: merge.elements.other_id.value.trim() });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.split-report"), function (b) {
    b.addEventListener("click", function () { send({ action: "split", merge_id: parseInt(b.getAttribute("data-merge"), 10) }); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.split"), function (b) {
    b.addEventListener("click", function () { send({ action: "split", other_id: b.getAttribute("data-other") }); });
  });
})();
