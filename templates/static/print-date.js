// Fills in the date when a reader prints a page: the page itself carries no print date.
addEventListener("beforeprint", () => {
  const today = new Date().toLocaleDateString("zh-CN", { year: "numeric", month: "long", day: "numeric" });
  for (const element of document.querySelectorAll(".print-date")) element.textContent = today;
});
