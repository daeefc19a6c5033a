// Tells the page that frames the event list (embed.js) how tall the list is, so the
// iframe can be as tall and never scroll on its own.
(function () {
  "use strict";
  if (window.parent === window) { return; }
  // The content's own height: the document's is never less than the iframe's.
  function send() {
    var main = document.getElementById("main");
    var h = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY + 8);
    window.parent.postMessage({ folkhalsaEmbedHeight: h }, "*");
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
})();
