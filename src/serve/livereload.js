// hyde live reload: listens at /__hyde/events; reloads the page when its
// output changed, swaps stylesheets when only CSS changed, and shows build
// errors as an overlay (cleared by the next good build).
(function () {
  var me = document.currentScript;
  var base = (me && me.getAttribute("data-base")) || "";
  var missing = !!(me && me.hasAttribute("data-missing"));
  var overlay = null;
  var seen = null; // the last build generation this page heard of

  function candidates() {
    var p = location.pathname;
    try { p = decodeURIComponent(p); } catch (e) { }
    if (base && p.indexOf(base) === 0) p = p.slice(base.length);
    if (p.charAt(0) !== "/") p = "/" + p;
    if (p.charAt(p.length - 1) === "/") return [p + "index.html"];
    return [p, p + "/index.html", p + ".html", p + ".xhtml"];
  }

  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "hyde-error-overlay";
      overlay.setAttribute("style",
        "position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;" +
        "background:rgba(24,24,27,.94);color:#fafafa;padding:2em;overflow:auto;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap");
      (document.body || document.documentElement).appendChild(overlay);
    }
    overlay.textContent = "hyde: the last build failed; the last good output is still served.\n\n" + message;
  }

  function swapCss(generation) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      var u = new URL(old.href, location.href);
      if (u.origin !== location.origin) continue;
      u.searchParams.set("hyde", generation);
      var fresh = old.cloneNode();
      fresh.href = u.href;
      fresh.onload = (function (o) { return function () { o.remove(); }; })(old);
      old.parentNode.insertBefore(fresh, old.nextSibling);
    }
  }

  // the server renders the page this one shows first after a change
  var es = new EventSource("/__hyde/events?pages=" + encodeURIComponent(JSON.stringify(candidates())));
  es.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    window.__hydeLiveReload = { connected: true, generation: d.generation };
    // reconnected after missing builds (or to a restarted server): catch up
    if (seen !== null && d.generation !== seen && !d.error) { location.reload(); return; }
    seen = d.generation;
    if (d.error) showError(d.error);
  });
  es.addEventListener("builderror", function (e) {
    var d = JSON.parse(e.data);
    seen = d.generation;
    showError(d.message);
  });
  es.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    seen = d.generation;
    if (overlay || missing) { location.reload(); return; }
    var c = candidates();
    for (var i = 0; i < c.length; i++) {
      if (d.changed.indexOf(c[i]) >= 0) { location.reload(); return; }
    }
  });
  es.addEventListener("css", function (e) {
    var d = JSON.parse(e.data);
    seen = d.generation;
    if (overlay) { location.reload(); return; }
    swapCss(d.generation);
  });
})();
