// Live fragments (voting console, room screen, a mayor's phone, the quorum): every element with
// data-live-every="<ms>" and an hx-get gets an htmx "live" event at that pace, only while the tab is visible
// (a hidden tab asks nothing, and asks at once when shown again). htmx does the request and the swap.
(function () {
  const started = new WeakSet();
  function schedule(element) {
    if (started.has(element)) return;
    started.add(element);
    const every = parseInt(element.dataset.liveEvery, 10) || 1000;
    const tick = () => {
      if (!document.body.contains(element)) return;
      if (document.visibilityState === "visible") htmx.trigger(element, "live");
      setTimeout(tick, every);
    };
    setTimeout(tick, every);
  }
  function scan(root) {
    // A fragment swapped in by outerHTML is itself the live element: look at the root too.
    if (root.matches && root.matches("[data-live-every]")) schedule(root);
    root.querySelectorAll("[data-live-every]").forEach(schedule);
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      document.querySelectorAll("[data-live-every]").forEach((element) => htmx.trigger(element, "live"));
    }
  });
  document.addEventListener("htmx:load", (event) => scan(event.target));
  scan(document);
})();
