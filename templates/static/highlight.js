// A document page opened from a search result (?hl=words): every hit marked, the first in view.
(function () {
  const words = (new URLSearchParams(location.search).get("hl") || "")
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLocaleLowerCase());
  const root = document.querySelector("article.document");
  if (!words.length || !root) return;
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement.closest("script, style, mark, [data-pagefind-ignore]")
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
  const marks = [];
  for (const node of texts) {
    const lower = node.data.toLocaleLowerCase();
    const hits = [];
    for (const word of words) {
      for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
        hits.push([at, at + word.length]);
      }
    }
    if (!hits.length) continue;
    hits.sort((a, b) => a[0] - b[0]);
    const parts = document.createDocumentFragment();
    let last = 0;
    for (const [start, end] of hits) {
      if (start < last) continue; // overlapping words: the first wins
      parts.append(document.createTextNode(node.data.slice(last, start)));
      const mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = node.data.slice(start, end);
      parts.append(mark);
      marks.push(mark);
      last = end;
    }
    parts.append(document.createTextNode(node.data.slice(last)));
    node.replaceWith(parts);
  }
  // The first hit at or after the section the result links to (#p5), else the first of all.
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  const after = target
    ? marks.find((m) => target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING || target.contains(m))
    : null;
  const first = after || marks[0];
  if (first) {
    first.classList.add("search-hit-first");
    first.scrollIntoView({ block: "center" });
  }
})();
