// hyde theme: the light/dark switch. Pages read fine without this script;
// it only adds the button, which overrides the system setting and is
// remembered in localStorage.
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function current() {
    var set = root.getAttribute("data-theme");
    if (set === "dark" || set === "light") return set;
    return media && media.matches ? "dark" : "light";
  }

  function show() {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }

  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try {
      localStorage.setItem("theme", next);
    } catch (e) {
      // storage may be disabled: the choice then lasts for this page only
    }
    show();
  });
  if (media && media.addEventListener) media.addEventListener("change", show);
  button.hidden = false;
  show();
})();
