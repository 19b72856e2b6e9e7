-- parity.lua — a translated chapter (steps/01-cpu/README.ja.md) has what its
-- original (README.md) has, in the same order: every listing (include= and
-- snippet=), every run block (run= and dir=), every figure (its path) and
-- every section (its level and the number written in it, "## 3. ..."). What one
-- has and the other lacks is a problem naming the chapter and the item.
-- chapters.lua calls it for each translation, then gives the translation's
-- headings the ids of the original's (links written for either work, and the
-- editions' pages share their sections' addresses). Loaded with require("parity").
package.path = PANDOC_SCRIPT_FILE:gsub("[^/]*$", "") .. "?.lua;" .. package.path
local common = require("common")
local M = {}

-- The number an author wrote at the start of a title ("3." or "3.1"), or "".
local function written_number(header)
  local first = header.content[1]
  return first and first.t == "Str" and first.text:match("^(%d+[.%d]*)%.?$") or ""
end

-- The items of a chapter, by kind, in order: { key = what must match, label = how to name it }.
function M.items(blocks)
  local items = { listing = {}, ["run block"] = {}, figure = {}, section = {} }
  pandoc.walk_block(pandoc.Div(blocks), {
    CodeBlock = function(b)
      if b.attributes.include then
        local key = b.attributes.include .. (b.attributes.snippet and "#" .. b.attributes.snippet or "")
        table.insert(items.listing, { key = key, label = key })
      elseif b.attributes.run then
        local key = b.attributes.run .. (b.attributes.dir and " (dir=" .. b.attributes.dir .. ")" or "")
        table.insert(items["run block"], { key = key, label = "`" .. key .. "`" })
      end
    end,
    Image = function(img) table.insert(items.figure, { key = img.src, label = img.src }) end,
    Header = function(h)
      table.insert(items.section, { key = h.level .. " " .. written_number(h), header = h,
        label = "'" .. string.rep("#", h.level) .. " " .. pandoc.utils.stringify(h.content) .. "'" })
    end,
  })
  return items
end

-- The items of a that b lacks and those of b that a lacks, by a longest common
-- subsequence of their keys (an item moved elsewhere is in both lists).
local function diff(a, b)
  local n, m, len = #a, #b, {}
  for i = n + 1, 1, -1 do
    len[i] = {}
    for j = m + 1, 1, -1 do
      if i > n or j > m then len[i][j] = 0
      elseif a[i].key == b[j].key then len[i][j] = len[i + 1][j + 1] + 1
      else len[i][j] = math.max(len[i + 1][j], len[i][j + 1]) end
    end
  end
  local only_a, only_b, i, j = {}, {}, 1, 1
  while i <= n or j <= m do
    if i <= n and j <= m and a[i].key == b[j].key then i, j = i + 1, j + 1
    elseif j > m or (i <= n and len[i + 1][j] >= len[i][j + 1]) then table.insert(only_a, a[i]) i = i + 1
    else table.insert(only_b, b[j]) j = j + 1 end
  end
  return only_a, only_b
end

-- Records a problem for every item one chapter has and the other lacks; true if there were none.
function M.compare(original, original_items, translation, translation_items)
  local same = true
  for _, kind in ipairs({ "section", "listing", "run block", "figure" }) do
    local lacks, extra = diff(original_items[kind], translation_items[kind])
    for _, item in ipairs(lacks) do
      same = false
      common.problem(translation, string.format("lacks the %s %s that %s has (a translation keeps every %s, in the same order)",
        kind, item.label, original, kind))
    end
    for _, item in ipairs(extra) do
      same = false
      common.problem(translation, string.format("has the %s %s that %s lacks (add it there too, or take it out)", kind, item.label, original))
    end
  end
  return same
end

-- Gives the translation's headings (in blocks) the ids of the original's, one for
-- one; a heading's own id (from its translated text) stays on an empty Div before
-- it (not in the heading: the contents would copy it), so links written for either work.
function M.share_ids(blocks, original_items)
  local i, own = 0, {}
  blocks = common.walk(blocks, {
    Header = function(h)
      i = i + 1
      local id = original_items.section[i].header.identifier
      if h.identifier ~= "" and h.identifier ~= id then own[id] = h.identifier end
      h.identifier = id
      return h
    end,
  })
  local out = pandoc.List()
  for _, b in ipairs(blocks) do
    if b.t == "Header" and own[b.identifier] then out:insert(pandoc.Div({}, pandoc.Attr(own[b.identifier]))) end
    out:insert(b)
  end
  return out
end

return M
