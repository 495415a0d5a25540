// nvptool site: an object's id, or a measure's number, is copied with one click on it.
document.addEventListener("click", function (event) {
  var code = event.target.closest ? event.target.closest(".nvp-ident code, .nvp-measure-number code") : null;
  if (!code || !navigator.clipboard) return;
  navigator.clipboard.writeText(code.textContent).then(function () {
    code.classList.add("nvp-copied");
    setTimeout(function () { code.classList.remove("nvp-copied"); }, 1200);
  }, function () {});
});
