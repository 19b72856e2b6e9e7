-- links.lua — links between chapters and to files of the repository work in
-- the book, and a broken one fails the build. Paths are relative to the
-- chapter's file, as on GitHub:
--   [step 02](../02-heap/README.md#2-allocated-vs-in-use)  -> that chapter's section
--   [the harness](../../labs/harness/bench.h)              -> the file in the checkout
--   [below](#4-reading-the-profile)                        -> a section of this chapter
-- A link to a chapter or section that is not in the book, to a file that does
-- not exist, or to a generated file under a step's out/ is a problem. In the
-- HTML (BOOK_TARGET=html) a file link points into the checkout the book was
-- built in (BOOK_LINK_ROOT, ../../ from build/book/); an EPUB or a PDF travels
-- without the checkout, so there the file's name stays as plain text.
-- Last, the chapter Divs of chapters.lua are unwrapped.
package.path = PANDOC_SCRIPT_FILE:gsub("[^/]*$", "") .. "?.lua;" .. package.path
local common = require("common")

local TARGET = common.env("BOOK_TARGET", "html")
local LINK_ROOT = common.env("BOOK_LINK_ROOT", "../../")

-- Every id in the document, as a set.
local function all_ids(doc)
  local ids, filter = {}, {}
  for _, kind in ipairs(common.WITH_IDS) do
    filter[kind] = function(el) if el.identifier ~= "" then ids[el.identifier] = true end end
  end
  pandoc.walk_block(pandoc.Div(doc.blocks), filter)
  return ids
end

-- The chapters of an assembled book: source file -> chapter id (empty if not assembled).
-- A translation stands for its original too: the Japanese edition's links to
-- ../02-heap/README.md (written as on GitHub) point to its own chapter.
local function chapter_ids(doc)
  local map = {}
  for _, b in ipairs(doc.blocks) do
    if b.t == "Div" and b.classes:includes("chapter") then
      local source = b.attributes.source
      map[source] = common.chapter_id(source)
      if common.original(source) then map[common.original(source)] = map[source] end
    end
  end
  return map
end

-- The id a fragment of a chapter has in the book (chapters.lua prefixed them).
local function book_id(chapter_id, fragment)
  if not chapter_id then return fragment end
  if fragment == "" then return chapter_id end
  return chapter_id .. "--" .. fragment
end

-- Rewrites or checks one link; returns the new element, or nil to keep it.
local function link(el, chapter, chapters, ids)
  local target = el.target
  if common.is_external(target) then return nil end
  local path, fragment = target:match("^([^#]*)#?(.*)$")
  if path == "" then
    local id = book_id(chapters[chapter], fragment)
    if not ids[id] then common.problem(chapter, "link " .. target .. " names no section of this chapter") end
    el.target = "#" .. id
    return el
  end
  local file = common.resolve(chapter, path)
  if not file then
    common.problem(chapter, "link " .. target .. " leaves the repository")
  elseif chapters[file] then
    local id = book_id(chapters[file], fragment)
    if not ids[id] then common.problem(chapter, "link " .. target .. " names no section of " .. file) end
    el.target = "#" .. id
    return el
  elseif file:match("^steps/[^/]+/README%.md$") then
    common.problem(chapter, "link " .. target .. " points to " .. file .. ", which is not a chapter of the book (yet)")
  elseif file:match("^steps/[^/]+/out/") then
    common.problem(chapter, "link " .. target .. " points to a generated file; show it with a run block or an image instead")
  elseif not common.exists(file) then
    common.problem(chapter, "link " .. target .. " points to " .. file .. ", which does not exist")
  elseif TARGET == "html" then
    el.target = LINK_ROOT .. file .. (fragment ~= "" and "#" .. fragment or "")
    return el
  else
    return el.content
  end
end

function Pandoc(doc)
  local ids, chapters = all_ids(doc), chapter_ids(doc)
  common.walk_chapters(doc, function(chapter)
    return { Link = function(el) return link(el, chapter, chapters, ids) end }
  end)
  common.fail_if_problems()
  local blocks = pandoc.List()
  for _, b in ipairs(doc.blocks) do
    if b.t == "Div" and b.classes:includes("chapter") then blocks:extend(b.content) else blocks:insert(b) end
  end
  doc.blocks = blocks
  return doc
end
