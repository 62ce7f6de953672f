// Quote and reply. Without this script "Quote" under a post opens the
// reply form with the whole post quoted. With it, a passage the reader
// selected in that post's text is quoted instead: the link takes the
// passage to the reply form, which quotes it only if it is the post's own
// words. Nothing is kept in the browser.
(function () {
  "use strict";
  var max = 1500;
  function passageFor(link) {
    var article = link.closest("article");
    var body = article && article.querySelector(".post-body");
    var sel = window.getSelection && window.getSelection();
    if (!body || !sel || sel.isCollapsed || sel.rangeCount === 0) { return ""; }
    var range = sel.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) { return ""; }
    var text = sel.toString().replace(/\s+/g, " ").trim();
    return text.length <= max ? text : "";
  }
  function withPassage(link) {
    var base = link.getAttribute("data-href") || link.getAttribute("href");
    link.setAttribute("data-href", base);
    var passage = passageFor(link);
    link.setAttribute("href", passage ? base + "&passage=" + encodeURIComponent(passage) : base);
  }
  document.addEventListener("mousedown", function (e) {
    var link = e.target.closest && e.target.closest("a.quote-link");
    if (link) { withPassage(link); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches && e.target.matches("a.quote-link")) { withPassage(e.target); }
  });
})();
