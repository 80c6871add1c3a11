// Before Bootstrap Italia's bundle: where its fonts are served from (no inline script, for the CSP).
window.__PUBLIC_PATH__ = document.currentScript.dataset.fonts;
