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
// open drawer's first link in sight takes the focus. The drawer covers the page: the focus
// leaving it (Tab after its last link) closes it, so that what has the focus can be seen.
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !button) return;
  function expanded() { button.setAttribute("aria-expanded", String(toggle.checked)); }
  expanded();
  toggle.addEventListener("change", expanded);
  // What a reader can reach in a part of the menu, in order: links and the labels made
  // buttons, shown (the theme hides the current page's link, display: none, and shows the
  // label of its contents in its place) and not hidden.
  function firstShown(root) {
    var stops = root.querySelectorAll(".md-nav__link[href], label.md-nav__link[role=button]");
    return Array.prototype.find.call(stops, function (stop) {
      return stop.getClientRects().length > 0 && getComputedStyle(stop).visibility === "visible";
    });
  }
  var drawer = document.querySelector(".md-sidebar--primary");
  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    event.stopPropagation();  // The theme clicks a focused label on Enter: once is enough.
    toggle.click();
    if (!toggle.checked || !drawer) return;
    var first = firstShown(drawer);
    if (first) first.focus();
  });
  document.addEventListener("focusin", function (event) {
    if (toggle.checked && drawer && !drawer.contains(event.target)) toggle.click();
  });
  if (!drawer) return;
  // Inside the drawer, the labels that open a panel (a section, the page's contents) and
  // the panels' titles that close them are buttons for the keyboard too, on a narrow
  // screen (on a desk the sections stand open).
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var labels = drawer.querySelectorAll("label.md-nav__link[for], label.md-nav__title[for]");
  function focusable() {
    Array.prototype.forEach.call(labels, function (label) {
      if (label.getAttribute("for") === "__drawer") return;
      if (narrow.matches) {
        label.setAttribute("tabindex", "0");
        label.setAttribute("role", "button");
      } else if (label.getAttribute("role") === "button") {
        label.removeAttribute("tabindex");
        label.removeAttribute("role");
      }
    });
  }
  focusable();
  narrow.addEventListener("change", focusable);
  // A link the focus reaches half below the menu's edge is not scrolled to by the browser:
  // the menu is scrolled so that it stands whole (on a desk's menu too).
  document.addEventListener("focusin", function (event) {
    if (!(event.target.closest && event.target.closest(".md-sidebar"))) return;
    var wrap = scroller(event.target);
    if (!wrap) return;
    var stop = event.target.getBoundingClientRect();
    var view = wrap.getBoundingClientRect();
    if (stop.bottom > view.bottom) wrap.scrollTop += stop.bottom - view.bottom + 8;
    else if (stop.top < view.top) wrap.scrollTop -= view.top - stop.top + 8;
  });
  // The part of the menu that scrolls: the whole menu on a desk, an open panel's list on a
  // narrow screen.
  function scroller(element) {
    for (var up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      var overflow = getComputedStyle(up).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && up.scrollHeight > up.clientHeight) {
        return up;
      }
    }
    return null;
  }
  drawer.addEventListener("keydown", function (event) {
    var label = event.target.closest && event.target.closest("label[for][role=button]");
    if (!label || (event.key !== "Enter" && event.key !== " ")) return;
    var panel = document.getElementById(label.getAttribute("for"));
    if (event.key === " ") {  // The theme clicks a label that has the focus on Enter.
      event.preventDefault();
      label.click();
    }
    if (!panel) return;
    setTimeout(function () {  // After the theme's click: into the panel, or back out.
      var nav = panel.checked ? panel.parentElement.querySelector(":scope > nav") : null;
      var target = nav && (firstShown(nav) || nav.querySelector("label[role=button]"));
      if (!target) target = document.querySelector('label[role=button].md-nav__link[for="' + panel.id + '"]');
      if (!target) return;
      // Not scrolled to now: the panel is still sliding in from the side, and the menu
      // would be scrolled sideways after it (blank). Once it stands, what has the focus
      // is brought into sight, up or down only.
      target.focus({ preventScroll: true });
      var wrap = drawer.querySelector(".md-sidebar__scrollwrap");
      if (nav && wrap) wrap.scrollTop = 0;
      setTimeout(function () {
        if (wrap) wrap.scrollLeft = 0;
        target.scrollIntoView({ block: "nearest", inline: "nearest" });
        if (wrap) wrap.scrollLeft = 0;
      }, 300);
    }, 0);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.click();
    button.focus();
  });
})();
