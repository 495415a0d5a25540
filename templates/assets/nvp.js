// nvptool site: an object's id, or a measure's number, is copied with one click on it.
document.addEventListener("click", function (event) {
  var code = event.target.closest ? event.target.closest(".nvp-ident code, .nvp-measure-number code") : null;
  if (!code || !navigator.clipboard) return;
  navigator.clipboard.writeText(code.textContent).then(function () {
    code.classList.add("nvp-copied");
    setTimeout(function () { code.classList.remove("nvp-copied"); }, 1200);
  }, function () {});
});

// The language switch keeps the place on the page: every language's page has the same ids.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.md-select__link[hreflang]") : null;
  if (!link || !location.hash || link.hash) return;
  link.hash = location.hash;
});
