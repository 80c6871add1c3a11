// After Bootstrap Italia's bundle: load its fonts, and move focus to what the page asks to be read first
// (a summary of form errors, an editing conflict) so that screen readers announce it.
(function () {
  const script = document.currentScript;
  if (window.bootstrap && bootstrap.loadFonts) bootstrap.loadFonts(script.dataset.fonts);
  const target = document.querySelector("[data-autofocus]");
  if (target) target.focus();
})();
