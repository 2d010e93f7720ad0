// Names never contain digits. A personal code typed into a name search is removed before the
// request leaves the browser, so it never reaches an address, the history or a server log;
// the exact look-up by personal code is its own form, sent by POST.
(function () {
  function namesOnly(value) {
    return value.split(/\s+/).filter(function (word) { return !/\d/.test(word); }).join(" ");
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    if (params && typeof params.get === "function" && typeof params.get("q") === "string") {
      params.set("q", namesOnly(params.get("q")));
    } else if (params && typeof params.q === "string") {
      params.q = namesOnly(params.q);
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.method || "get").toLowerCase() !== "get") { return; }
    var q = form.querySelector('input[name="q"]');
    if (q) { q.value = namesOnly(q.value); }
  }, true);
})();
