/* ServiceCulture feedback button (surveys/services/widget.py). Paste where the button should appear:
   <script src="…/widget/feedback.js" data-survey="…/s/<token>/" defer></script>
   It adds one link to the survey, opened in a new tab. No cookie, no frame, no request until a resident
   follows it; the look is set through the CSSOM, which a Content-Security-Policy allows. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.survey || !script.parentNode) {
    return;
  }
  var labels = {{ labels|safe }};
  var asked = (script.dataset.lang || document.documentElement.lang || "").toLowerCase().split("-")[0];
  var language = Object.prototype.hasOwnProperty.call(labels, asked) ? asked : "{{ default_language }}";
  var text = labels[language];
  var survey;
  try {
    survey = new URL(script.dataset.survey);
  } catch (error) {
    return;
  }
  // The page's path only: its query string and fragment may hold a case number or a search.
  survey.searchParams.set("page", window.location.pathname);
  survey.searchParams.set("lang", language);

  var link = document.createElement("a");
  link.href = survey.href;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  link.lang = language;
  link.className = "sc-feedback-button";
  link.textContent = text.button;
  Object.assign(link.style, {
    display: "inline-block",
    padding: "0.5rem 1rem",
    borderRadius: "0.375rem",
    backgroundColor: "#0b4f8a",
    color: "#ffffff",
    fontFamily: "inherit",
    fontSize: "1rem",
    fontWeight: "600",
    lineHeight: "1.5",
    textDecoration: "underline",
    border: "2px solid #0b4f8a"
  });
  var hint = document.createElement("span");
  hint.textContent = " " + text.new_tab;
  // Read by screen readers, not shown: a new tab should never come as a surprise.
  Object.assign(hint.style, {
    position: "absolute",
    width: "1px",
    height: "1px",
    padding: "0",
    margin: "-1px",
    overflow: "hidden",
    clip: "rect(0, 0, 0, 0)",
    whiteSpace: "nowrap",
    border: "0"
  });
  link.appendChild(hint);
  script.parentNode.insertBefore(link, script.nextSibling);
})();
