// Articles page: paste or upload articles to code and store (needs the write token).
(function () {
  "use strict";
  var message = document.getElementById("ingest-message");
  function done(data) {
    message.textContent = data.articles + " new, " + data.already_stored + " already stored, " + data.failed +
      " failed, " + data.events + " events. Reload to see them.";
  }
  function fail(err) { message.textContent = "refused: " + err.message; }
  var paste = document.getElementById("paste-form");
  if (paste) {
    paste.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = {};
      ["text", "title", "publisher", "published", "url"].forEach(function (k) { body[k] = paste.elements[k].value; });
      message.textContent = "coding…";
      window.cl.post("/api/ingest", body).then(done).catch(fail);
    });
  }
  var upload = document.getElementById("upload-form");
  if (upload) {
    upload.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var file = upload.elements.file.files[0];
      if (!file) { return; }
      message.textContent = "coding…";
      file.arrayBuffer().then(function (buf) {
        return window.cl.post("/api/ingest/upload?name=" + encodeURIComponent(file.name), buf, "application/octet-stream");
      }).then(done).catch(fail);
    });
  }
})();
