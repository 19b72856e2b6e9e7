-- chapters.lua — assembles the book from the files listed in the metadata field
-- `chapters` (book/build passes book/introduction.md, every steps/NN-*/README.md
-- that exists, then the book's closing chapters). Each chapter is parsed with
-- GitHub's heading ids (so links written for GitHub work), its ids get a
-- per-chapter prefix so chapters cannot clash, the sections of a step chapter
-- are numbered after the step (step 01: 1.1, 1.2, ...), and it is wrapped in a
-- Div of class "chapter" recording its file, for the filters that follow. A
-- translation (steps/01-cpu/README.ja.md) is checked against its original (parity.lua).
-- Without `chapters` the document is left alone (the filters' own tests).
package.path = PANDOC_SCRIPT_FILE:gsub("[^/]*$", "") .. "?.lua;" .. package.path
local common = require("common")
local parity = require("parity")

-- The reader every chapter goes through: GitHub's heading ids, and no "smart" dashes
-- or quotes, so `--svg` in a caption stays `--svg` as on GitHub.
local READER = "markdown+gfm_auto_identifiers-smart"

-- True if a code point is East Asian wide (kana, CJK ideographs and punctuation, Hangul, full-width forms).
local function wide(cp)
  return cp and ((cp >= 0x1100 and cp <= 0x115F) or (cp >= 0x2E80 and cp <= 0xA4CF) or (cp >= 0xAC00 and cp <= 0xD7A3)
    or (cp >= 0xF900 and cp <= 0xFAFF) or (cp >= 0xFE30 and cp <= 0xFE4F) or (cp >= 0xFF00 and cp <= 0xFF60)
    or (cp >= 0xFFE0 and cp <= 0xFFE6))
end

-- The first or last character's code point of an inline that is text, or nil.
local function edge(el, last)
  if not el or el.t ~= "Str" or el.text == "" then return nil end
  local ch = last and el.text:match("[%z\1-\127\194-\244][\128-\191]*$") or el.text:match("^[%z\1-\127\194-\244][\128-\191]*")
  return ch and utf8.codepoint(ch)
end

-- A line break between two Japanese characters is no space, as a Japanese reader
-- expects (what pandoc's east_asian_line_breaks does, which pandoc.read does not apply).
local function join_east_asian_lines(blocks)
  return common.walk(blocks, {
    Inlines = function(inlines)
      local out, changed = pandoc.List(), false
      for i, el in ipairs(inlines) do
        if el.t == "SoftBreak" and wide(edge(inlines[i - 1], true)) and wide(edge(inlines[i + 1], false)) then
          changed = true
        else
          out:insert(el)
        end
      end
      if changed then return out end
    end,
  })
end

-- Gives every id of a chapter the chapter's prefix, and its first title the chapter's id.
local function prefix_ids(blocks, chapter)
  local id, titles = common.chapter_id(chapter), 0
  local filter = {}
  for _, kind in ipairs(common.WITH_IDS) do
    filter[kind] = function(el)
      if kind == "Header" and el.level == 1 then
        titles = titles + 1
        if titles == 1 then el.identifier = id return el end
        common.problem(chapter, "has more than one level-1 title ('" .. pandoc.utils.stringify(el) .. "'); a chapter has one")
      end
      if el.identifier ~= "" then el.identifier = id .. "--" .. el.identifier return el end
    end
  end
  blocks = common.walk(blocks, filter)
  if titles == 0 then common.problem(chapter, "has no level-1 title ('# Step NN — ...')") end
  return blocks
end

-- Drops a number the author wrote ("2." or "2.1") from the start of a title.
local function drop_written_number(inlines)
  if #inlines >= 2 and inlines[1].t == "Str" and inlines[1].text:match("^%d+[.%d]*%.?$") and inlines[2].t == "Space" then
    inlines:remove(1)
    inlines:remove(1)
  end
  return inlines
end

-- Numbers the level-2 and level-3 sections of step N as N.1, N.1.1, ...
local function number_sections(blocks, step)
  local section, subsection = 0, 0
  return common.walk(blocks, {
    Header = function(h)
      if h.level < 2 or h.level > 3 or h.classes:includes("unnumbered") then return nil end
      if h.level == 2 then section, subsection = section + 1, 0 else subsection = subsection + 1 end
      local number = step .. "." .. section .. (h.level == 3 and "." .. subsection or "")
      local content = drop_written_number(h.content)
      content:insert(1, pandoc.Space())
      content:insert(1, pandoc.Span({ pandoc.Str(number) }, pandoc.Attr("", { "header-section-number" })))
      h.content = content
      return h
    end,
  })
end

-- In a table, `a \| b` in code means `a | b`, as on GitHub (pandoc keeps the backslash).
local function unescape_table_pipes(blocks)
  return common.walk(blocks, {
    Table = function(t)
      return pandoc.walk_block(t, { Code = function(c) c.text = c.text:gsub("\\|", "|") return c end })
    end,
  })
end

-- A translation (README.ja.md) must have its original's listings, run blocks,
-- figures and sections (parity.lua); then its headings take the original's ids.
local function translated(blocks, path)
  local original = common.original(path)
  local text = common.read_file(original)
  if not text then
    common.problem(path, "translates " .. original .. ", which does not exist")
    return blocks
  end
  local original_items = parity.items(pandoc.read(text, READER).blocks)
  if parity.compare(original, original_items, path, parity.items(blocks)) then
    return parity.share_ids(blocks, original_items)
  end
  return blocks
end

-- Reads one chapter file and returns it as a Div of class "chapter", or nil.
local function read_chapter(path)
  local text = common.read_file(path)
  if not text then
    common.problem(path, "the chapter file does not exist")
    return nil
  end
  local blocks = pandoc.read(text, READER).blocks
  if common.original(path) then blocks = translated(blocks, path) end
  blocks = join_east_asian_lines(unescape_table_pipes(prefix_ids(blocks, path)))
  local step = common.step_number(path)
  if step then blocks = number_sections(blocks, step) end
  return pandoc.Div(blocks, pandoc.Attr("", { "chapter" }, { { "source", path } }))
end

function Pandoc(doc)
  local list = doc.meta.chapters
  if not list then return nil end
  if type(list) == "string" then list = { list } end  -- a single -M chapters=FILE
  local blocks = pandoc.List()
  for _, item in ipairs(list) do
    local chapter = read_chapter(pandoc.utils.stringify(item))
    if chapter then blocks:insert(chapter) end
  end
  common.fail_if_problems()
  doc.meta.chapters = nil
  doc.blocks = blocks
  return doc
end
