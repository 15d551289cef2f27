// MathJax 3 configuration for pymdownx.arithmatex (generic mode). MathJax itself is vendored under
// assets/mathjax/ (3.2.2, Apache-2.0) and loads its fonts and extensions relative to its own URL,
// so no request leaves the site.
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
};

// Material swaps page content without a reload when instant navigation is on; re-typeset each time.
if (typeof document$ !== "undefined") {
  document$.subscribe(() => {
    if (window.MathJax && MathJax.startup && MathJax.typesetPromise) {
      MathJax.startup.output.clearCache();
      MathJax.typesetClear();
      MathJax.texReset();
      MathJax.typesetPromise();
    }
  });
}
