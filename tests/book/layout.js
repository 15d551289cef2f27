// Measures the layout of one rendered page of the book (run by test_layout.py in Chromium).
// Returns plain data; the test decides what is a failure. Every finding says where it is: the
// element, the heading it sits under and the start of its text.
() => {
  const root = document.documentElement;
  const vw = root.clientWidth;
  const article = document.querySelector("article") || document.body;
  const box = e => e.getBoundingClientRect();
  const shown = e => { const r = box(e); return r.width > 0 && r.height > 0; };
  const overflowX = e => getComputedStyle(e).overflowX;
  const headings = [...article.querySelectorAll("h1, h2, h3, h4")];
  const where = e => {
    let heading = "";
    for (const h of headings) {
      if (h.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING) heading = h.textContent;
    }
    const cls = typeof e.className === "string" && e.className.trim()
      ? "." + e.className.trim().split(/\s+/).join(".") : "";
    const text = (e.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60);
    return `<${e.tagName.toLowerCase()}${cls}> under "${heading.replace("¶", "").trim()}": "${text}"`;
  };
  // The nearest ancestor (below the article) that clips or scrolls horizontally, or null.
  const clipper = e => {
    for (let a = e.parentElement; a && a !== article && a !== document.body; a = a.parentElement) {
      if (overflowX(a) !== "visible") return a;
    }
    return null;
  };

  // 1. Sideways page scroll, and the outermost elements that stick out past the window.
  const sticksOut = [];
  if (root.scrollWidth > vw) {
    for (const e of document.body.querySelectorAll("*")) {
      if (!shown(e) || box(e).right <= vw + 0.5) continue;
      const c = clipper(e);
      if (c && box(c).right <= vw + 0.5) continue;  // clipped or scrolled inside a box that fits
      const p = e.parentElement;
      if (p && p !== document.body && shown(p) && box(p).right > vw + 0.5) continue;
      sticksOut.push(`${where(e)} reaches ${Math.round(box(e).right)} px`);
    }
  }

  // 2. Empty blocks: shown, but no text and nothing to see. A control (Material's tab-scroll
  // arrows) is something to see; the copy button Material puts in every code block is not.
  const media = "img, svg, canvas, video, iframe, mjx-container, input, select, textarea, hr, "
    + "button:not(.md-clipboard)";
  const empty = [...article.querySelectorAll("pre, div, p")]
    .filter(e => shown(e) && e.textContent.trim() === "" && !e.querySelector(media))
    .map(where);

  // 3. Display math: it fits its box, or the box scrolls sideways and nothing is cut on the left.
  const math = [];
  for (const c of article.querySelectorAll('mjx-container[display="true"]')) {
    if (c.closest("mjx-assistive-mml") || !shown(c)) continue;
    const m = c.querySelector("mjx-math") || c;
    const s = clipper(m);
    const host = box(s || article), r = box(m);
    const fits = r.left >= host.left - 0.5 && r.right <= host.right + 0.5;
    const scrolls = !!s && ["auto", "scroll"].includes(overflowX(s)) && r.left >= host.left - 0.5
      && s.scrollWidth >= Math.floor(r.right - host.left + s.scrollLeft);
    math.push({where: where(c), width: Math.round(r.width), room: Math.round(host.width),
               fits, scrolls});
  }

  // 4. Code blocks (shown ones: not the closed tabs or solutions) and whether they scroll sideways.
  const code = [...article.querySelectorAll("pre > code")].filter(shown).map(c => ({
    where: where(c.parentElement), scrolls: c.scrollWidth > c.clientWidth + 1,
    overflow: c.scrollWidth - c.clientWidth}));

  // 5. Figures: the smallest label as drawn on screen. The SVGs draw text as paths (deterministic,
  // no fonts needed); matplotlib scales each text's glyphs by `scale(s -s)` with s = size in pt / 100,
  // in a viewBox measured in pt, so on screen a label is s * 100 * (shown width / viewBox width) px.
  const figures = [];
  for (const img of article.querySelectorAll("figure img")) {
    const src = img.currentSrc || img.src;  // a <picture> picks one drawing per window width
    if (!src.startsWith("data:image/svg+xml;base64,") || !shown(img)) continue;
    const svg = atob(src.slice(src.indexOf(",") + 1));
    const viewBox = parseFloat(svg.match(/viewBox="[\d.-]+ [\d.-]+ ([\d.]+)/)[1]);
    const sizes = [...svg.matchAll(/scale\(([\d.]+) -\1\)/g)].map(m => parseFloat(m[1]) * 100);
    const minPt = Math.min(...sizes);
    const figure = img.closest("figure");
    figures.push({where: where(figure), minPt,
                  minPx: minPt * img.clientWidth / viewBox, scale: img.clientWidth / img.naturalWidth,
                  drawing: src === img.src ? "img" : "source",
                  // its box scrolls sideways: a drawing wider than the column, kept at natural size
                  scrolls: figure.scrollWidth > figure.clientWidth + 1,
                  wide: figure.classList.contains("estlab-figure--wide")});
  }
  return {vw, scrollWidth: root.scrollWidth, sticksOut: sticksOut.slice(0, 5), empty, math, code,
          figures, bodyPx: parseFloat(getComputedStyle(article).fontSize)};
}
