-- pages.lua — for the book's multi-page site only (book/build runs it before
-- links.lua unwraps the chapters): puts an HTML comment naming the chapter's
-- file at the start of each chapter, where book/site/make-site cuts the pages.
function Pandoc(doc)
  for _, b in ipairs(doc.blocks) do
    if b.t == "Div" and b.classes:includes("chapter") then
      b.content:insert(1, pandoc.RawBlock("html", "<!-- book-chapter: " .. b.attributes.source .. " -->"))
    end
  end
  return doc
end
