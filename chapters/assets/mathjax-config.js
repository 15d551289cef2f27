// MathJax 3 configuration for pymdownx.arithmatex (generic mode). MathJax itself is vendored under
// assets/mathjax/ (3.2.2, Apache-2.0) and loads its fonts and extensions relative to its own URL,
// so no request leaves the site.
//
// Every page is typeset exactly once. MathJax's own typeset at start-up is switched off and the
// page is typeset from Material's `document$` observable instead, which emits for the first page
// and again whenever Material swaps page content without a reload. Typesetting a page twice is not
// harmless: the second pass finds the <math> elements MathJax left for screen readers (tex-mml-chtml
// reads MathML too) and renders each formula a second time inside them, invisible but wide enough
// to widen a phone's page.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
  startup: {
    typeset: false,
    ready() {
      MathJax.startup.defaultReady();
      if (typeof document$ === "undefined") {  // not a Material page: typeset it once, now
        MathJax.startup.promise = MathJax.startup.promise.then(() => MathJax.typesetPromise());
        return;
      }
      document$.subscribe(() => {
        // Chain on startup.promise, so a test (or a reader's script) can await the page's math.
        MathJax.startup.promise = MathJax.startup.promise.then(() => {
          MathJax.startup.output.clearCache();
          MathJax.typesetClear();
          MathJax.texReset();
          return MathJax.typesetPromise();
        });
      });
    },
  },
};
