// Live workshop pages (the facilitator's page, the wall): every few seconds, fetch the fragment named by
// data-poll-url and put it in place. Without JavaScript the pages refresh themselves (a <noscript> meta refresh).
// Polling pauses while the tab is hidden, and while a button in the fragment has focus (mid-moderation).
(() => {
  const EVERY_MS = 4000;
  const regions = document.querySelectorAll("[data-poll-url]");
  if (!regions.length) return;

  async function refresh(region) {
    if (document.hidden || region.contains(document.activeElement)) return;
    try {
      const response = await fetch(region.dataset.pollUrl, {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      if (response.ok) region.innerHTML = await response.text();
    } catch (error) {
      // The network dropped for a moment: the next poll tries again.
    }
  }

  setInterval(() => regions.forEach(refresh), EVERY_MS);
})();
