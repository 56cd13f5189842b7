// Search page: Pagefind's JavaScript API, results rendered as plain accessible links.
// Progressive enhancement: without JavaScript the page explains how to browse instead.
(async function () {
  const script = document.currentScript;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const input = document.getElementById("q");
  const selects = Array.from(document.querySelectorAll("select[data-filter]"));
  const params = new URLSearchParams(location.search);
  // The page's words come from the template (the site's language): {query} and {n} filled in.
  const say = (name, values = {}) =>
    script.dataset[name].replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  let pagefind;
  try {
    const index = new URL(script.dataset.index, location.href);
    pagefind = await import(index.href);
    await pagefind.options({ excerptLength: 40 });
    // A large site is indexed in parts (site_gen/web/search.py): shards.json lists the others.
    const listed = await fetch(new URL("shards.json", index)).then((r) => (r.ok ? r.json() : []));
    // By path, as the main index was loaded: its results' addresses are then the same form.
    for (const part of listed) await pagefind.mergeIndex(new URL(part, index).pathname);
  } catch (error) {
    status.textContent = say("msgUnavailable");
    return;
  }
  // Filters are page metadata (data-pagefind-meta), applied here: Pagefind's own filter index
  // is written in a different order on every run, and the published site must be reproducible.
  for (const select of selects) select.value = params.get(select.dataset.filter) || "";
  input.value = params.get("q") || "";

  function text(tag, content, className) {
    const node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }
  // Pagefind joins the text of separate cells and paragraphs with an English ". "; between
  // Chinese text a neutral separator reads right.
  const joint = /(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\.\s+|\.\s+(?=[\u3400-\u9fff])/g;
  function excerpt(html, className) {
    // Pagefind's excerpt is text with the matched words in <mark>: rebuilt here from its text
    // alone, with our own <mark> elements, so none of its markup reaches the page.
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const out = text("p", "", className);
    for (const [index, node] of Array.from(parsed.content.childNodes).entries()) {
      let words = node.textContent.replace(joint, "｜");
      if (index === 0) words = words.replace(/^\s*\.\s+/, ""); // an excerpt cut after a join
      if (node.nodeName !== "MARK") out.append(document.createTextNode(words));
      else if (out.lastChild?.nodeName === "MARK") out.lastChild.textContent += words; // 核酸|检测
      else out.append(text("mark", words));
    }
    return out;
  }
  // A result must contain every word of the query (Pagefind also returns pages that match one
  // word, or a CJK query's characters apart: 稳岗 found 稳定 … 岗位). A CJK word is matched as
  // a phrase; a Latin word where a word starts (budget is not the B of "(B/A)").
  const cjk = /[\u3400-\u9fff]/;
  const escape = (word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  function has(content, word) {
    const lower = content.toLocaleLowerCase();
    if (cjk.test(word)) return lower.includes(word);
    return new RegExp("(^|[^\\p{L}\\p{N}])" + escape(word), "u").test(lower);
  }
  function occurrences(content, word) {
    const lower = content.toLocaleLowerCase();
    let n = 0;
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) n += 1;
    return n;
  }
  // The excerpt: the passage (a sentence, or a cell: Pagefind joins cells with ". ") where the
  // first word is found, with its neighbours up to about 80 characters, every word marked.
  const stops = /\.\s+|[。；;！？!?]/g;
  function passage(content, words) {
    const lower = content.toLocaleLowerCase();
    const at = Math.max(0, lower.indexOf(words[0]));
    let start = 0;
    let end = content.length;
    for (const stop of content.matchAll(stops)) {
      const after = stop.index + stop[0].length;
      if (after <= at) start = after;
      else if (stop.index >= at + words[0].length) {
        end = stop.index + (stop[0].trim() === "." ? 0 : stop[0].length);
        if (end - start >= 30) break;
      }
    }
    start = Math.max(start, at - 60);
    end = Math.min(end, at + 80);
    return (start > 0 ? "…" : "") + content.slice(start, end).trim() + (end < content.length ? "…" : "");
  }
  function marked(textContent, words, className) {
    const out = text("p", "", className);
    const source = textContent.replace(joint, "｜");
    const lower = source.toLocaleLowerCase();
    let last = 0;
    const hits = [];
    for (const word of words) {
      for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) hits.push([at, at + word.length]);
    }
    hits.sort((a, b) => a[0] - b[0]);
    for (const [start, end] of hits) {
      if (start < last) continue;
      out.append(document.createTextNode(source.slice(last, start)), text("mark", source.slice(start, end)));
      last = end;
    }
    out.append(document.createTextNode(source.slice(last)));
    return out;
  }
  function landing(url, query) {
    // The result's address with the words for the page to mark (highlight.js), before any #.
    const [path, hash] = url.split("#");
    const joiner = path.includes("?") ? "&" : "?";
    return path + joiner + "hl=" + encodeURIComponent(query) + (hash ? "#" + hash : "");
  }
  function facts(meta) {
    const parts = [meta.year, meta.publisher, meta.kind].filter(Boolean);
    return text("p", parts.join(say("msgJoiner")), "result-facts");
  }

  async function run() {
    const query = input.value.trim();
    const chosen = {};
    for (const select of selects) if (select.value) chosen[select.dataset.filter] = select.value;
    list.replaceChildren();
    if (!query && !Object.keys(chosen).length) {
      status.textContent = say("msgEmpty");
      return;
    }
    const search = await pagefind.search(query || null);
    const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const matching = [];
    for (const result of search.results.slice(0, 200)) {
      const data = await result.data();
      if (!words.every((word) => has(data.content || "", word))) continue;
      if (Object.entries(chosen).every(([key, value]) => (data.meta[key] || "").trim() === value)) {
        matching.push(data);
      }
    }
    // The same order however the index is split: pages with more occurrences of the words
    // first, then by address (Pagefind's scores depend on the statistics of each part).
    const weight = (data) => words.reduce((n, word) => n + occurrences(data.content || "", word), 0);
    const weights = new Map(matching.map((data) => [data, weight(data)]));
    matching.sort((a, b) => weights.get(b) - weights.get(a) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
    if (!matching.length) {
      status.textContent = say("msgNone", { query });
      return;
    }
    for (const data of matching.slice(0, 20)) {
      const item = document.createElement("li");
      const link = text("a", data.meta.title || data.url);
      link.href = words.length ? landing(data.url, query) : data.url;
      const summary = words.length
        ? marked(passage(data.content || "", words), words, "excerpt")
        : excerpt(data.excerpt, "excerpt");
      item.append(link, facts(data.meta), summary);
      const subs = (data.sub_results || [])
        .filter((sub) => sub.url !== data.url)
        .filter((sub) => !words.length || words.some((word) => has(sub.excerpt.replace(/<[^>]*>/g, ""), word)))
        .slice(0, 5);
      if (subs.length) {
        const sublist = document.createElement("ul");
        for (const sub of subs) {
          const subitem = document.createElement("li");
          const sublink = text("a", sub.title);
          sublink.href = words.length ? landing(sub.url, query) : sub.url;
          sublink.className = "sub-result";
          subitem.append(sublink, excerpt(sub.excerpt, "excerpt"));
          sublist.append(subitem);
        }
        item.append(sublist);
      }
      list.append(item);
    }
    // Announced last, once the list is complete (screen readers and tests rely on it).
    const n = matching.length;
    status.textContent = say(n === 1 ? "msgFoundOne" : "msgFound", { n });
  }
  try {
    await run();
  } catch (error) {
    // A part of the index that cannot be read (cut short, missing) ends the search with a
    // message, not a page that says it is loading for ever.
    list.replaceChildren();
    status.textContent = say("msgFailed");
    console.error(error);
  }
})();
