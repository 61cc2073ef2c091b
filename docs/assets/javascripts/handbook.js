// Small accessibility fixes to Material's markup, run on every page (also after
// Material's instant navigation, through document$ when it exists).
(function () {
  function fix() {
    // Material's search overlay is a dialog without a name (axe: aria-dialog-name);
    // name it with the search field's own, already translated, label.
    var dialog = document.querySelector(".md-search[role=dialog]");
    var input = document.querySelector(".md-search__input");
    if (dialog && input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label") || "Search");
    }
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(fix);
  } else {
    document.addEventListener("DOMContentLoaded", fix);
  }
})();
