// The job page's progress bar: polls the job's JSON status and reloads the page once the job has finished,
// so the server shows the download button (or the reason it failed). Without JavaScript a <noscript> meta
// refresh reloads the page instead.
(function () {
  "use strict";
  var card = document.querySelector("[data-job-status-url]");
  if (!card) { return; }
  var url = card.getAttribute("data-job-status-url");
  var bar = card.querySelector("[data-job-bar]");
  var delay = 1000;

  function field(name, text) {
    var element = card.querySelector('[data-job-field="' + name + '"]');
    if (element) { element.textContent = text; }
  }

  function show(state) {
    if (state.finished) { window.location.reload(); return; }
    if (bar) { bar.value = state.percent; bar.textContent = state.percent + " %"; }
    field("status_label", state.status_label);
    field("step", state.step);
    field("counts", state.counts);
    window.setTimeout(poll, delay);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { if (!answer.ok) { throw new Error(answer.status); } return answer.json(); })
      .then(function (state) { delay = 1000; show(state); })
      .catch(function () { delay = Math.min(delay * 2, 30000); window.setTimeout(poll, delay); });
  }

  window.setTimeout(poll, delay);
})();
