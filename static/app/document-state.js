// Follows the worker while it produces a PDF: polls the state every 2 s and reloads the page when done (or stuck).
(function () {
  const box = document.getElementById("document-state");
  if (!box || !box.dataset.poll) return;
  const poll = () =>
    fetch(box.dataset.poll, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((state) => {
        if (state.settled) window.location.reload();
        else setTimeout(poll, 2000);
      })
      .catch(() => setTimeout(poll, 5000));
  setTimeout(poll, 2000);
})();
