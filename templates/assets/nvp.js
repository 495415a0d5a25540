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

// The menu button of a narrow screen (made focusable by the site's build) opens and closes
// the drawer with Enter and Space, and Escape closes it, the focus back on the button; the
// open drawer's first link takes the focus.
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !button) return;
  function expanded() { button.setAttribute("aria-expanded", String(toggle.checked)); }
  expanded();
  toggle.addEventListener("change", expanded);
  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    toggle.click();
    if (!toggle.checked) return;
    var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
    if (first) first.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.click();
    button.focus();
  });
})();
