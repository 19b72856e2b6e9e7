-- literate.lua — code never drifts. A fenced block in a chapter such as
--
--   ```{.c include="steps/01-cpu/src/fib.c" snippet="fib-naive"}
--
-- becomes the region of that real file between the line comments
-- `//> fib-naive` and `//< fib-naive` (`#>` / `#<` in Makefiles and shell).
-- Marker lines of every region are left out, so regions can nest; without
-- snippet= the whole file is shown. Paths are from the repository root.
--
-- The chapter keeps a copy of the region so it reads well on its own; that
-- copy must equal the source. A missing file, a missing or broken region, or a
-- copy that differs fails the build, naming the chapter, the file and the
-- region. With BOOK_SYNC=1 the chapters' copies are rewritten from the sources
-- instead (book/build --sync-listings).
package.path = PANDOC_SCRIPT_FILE:gsub("[^/]*$", "") .. "?.lua;" .. package.path
local common = require("common")

local SYNC = common.env("BOOK_SYNC", "0") == "1"
-- Chapter file -> { ["file\0region"] = lines } for --sync-listings.
local sync_edits = {}
-- One manifest row per listing, so book/build can say which steps have none.
local manifest = {}

-- A marker line: returns ">" or "<" and the region's name, or nil.
local function marker(line)
  local dir, name = line:match("^%s*//([<>])%s*([%w_.-]+)%s*$")
  if not dir then dir, name = line:match("^%s*#([<>])%s*([%w_.-]+)%s*$") end
  return dir, name
end

-- Finds every region of a file: name -> {open = N, close = N}, plus a list of broken markers.
local function find_regions(lines)
  local found, broken = {}, {}
  for i, line in ipairs(lines) do
    local dir, name = marker(line)
    if dir == ">" and found[name] then
      table.insert(broken, string.format("region '%s' is opened twice (lines %d and %d)", name, found[name].open, i))
    elseif dir == ">" then
      found[name] = { open = i }
    elseif dir == "<" and not found[name] then
      table.insert(broken, string.format("'//< %s' at line %d closes region '%s', which is not open", name, i, name))
    elseif dir == "<" and found[name].close then
      table.insert(broken, string.format("region '%s' is closed twice (lines %d and %d)", name, found[name].close, i))
    elseif dir == "<" then
      found[name].close = i
    end
  end
  for name, r in pairs(found) do
    if not r.close then
      table.insert(broken, string.format("region '%s' opened at line %d is never closed", name, r.open))
    end
  end
  table.sort(broken)
  return found, broken
end

-- Removes the indentation every non-blank line shares, and blank lines at both ends.
local function tidy(lines)
  local indent
  for _, l in ipairs(lines) do
    if l:match("%S") then
      local lead = #l:match("^[ \t]*")
      if not indent or lead < indent then indent = lead end
    end
  end
  local out = {}
  for _, l in ipairs(lines) do table.insert(out, (l:sub((indent or 0) + 1):gsub("%s+$", ""))) end
  while #out > 0 and out[1] == "" do table.remove(out, 1) end
  while #out > 0 and out[#out] == "" do table.remove(out) end
  return out
end

-- The names of a file's regions, sorted, for error messages.
local function region_names(found)
  local names = {}
  for name in pairs(found) do table.insert(names, name) end
  table.sort(names)
  return #names > 0 and table.concat(names, ", ") or "none"
end

-- The lines of region `snippet` of `file` (all of it if snippet is empty), or nil and why not.
local function extract(file, snippet)
  local text = common.read_file(file)
  if not text then return nil, string.format("listing '%s': %s does not exist", snippet, file) end
  local lines = common.lines(text)
  local found, broken = find_regions(lines)
  if #broken > 0 then
    return nil, string.format("listing '%s': %s has broken region markers: %s", snippet, file, table.concat(broken, "; "))
  end
  local first, last = 1, #lines
  if snippet ~= "" then
    local r = found[snippet]
    if not r then
      return nil, string.format("listing '%s': no region '%s' in %s (regions there: %s)", snippet, snippet, file, region_names(found))
    end
    first, last = r.open + 1, r.close - 1
  end
  local body = {}
  for i = first, last do
    if not marker(lines[i]) then table.insert(body, lines[i]) end
  end
  return tidy(body)
end

-- The first line where two listings differ, described for an error message.
local function first_difference(copy, real)
  for i = 1, math.max(#copy, #real) do
    if copy[i] ~= real[i] then
      local fence = (copy[i] or ""):match("^```") and " (a fence inside the listing: is its closing ``` missing?)" or ""
      return string.format("line %d: the chapter has '%s', the source has '%s'%s", i, copy[i] or "<end>", real[i] or "<end>", fence)
    end
  end
end

-- Replaces one listing block by its region; records a problem when that is not possible.
local function transclude(block, chapter)
  local file, snippet = block.attributes.include, block.attributes.snippet or ""
  table.insert(manifest, common.manifest_row(chapter, "listing", 0, file .. "#" .. snippet))
  local real, why = extract(file, snippet)
  if not real then
    common.problem(chapter, why)
    return nil
  end
  local copy = tidy(common.lines(block.text))
  if #copy > 0 and first_difference(copy, real) then
    if SYNC then
      sync_edits[chapter] = sync_edits[chapter] or {}
      sync_edits[chapter][file .. "\0" .. snippet] = real
    else
      common.problem(chapter, string.format("listing '%s' differs from %s, %s (book/build --sync-listings copies the source into the chapter)",
        snippet, file, first_difference(copy, real)))
    end
  end
  local attributes = {}
  for k, v in pairs(block.attributes) do
    if k ~= "include" and k ~= "snippet" then table.insert(attributes, { k, v }) end
  end
  table.sort(attributes, function(a, b) return a[1] < b[1] end)
  local code = pandoc.CodeBlock(table.concat(real, "\n"), pandoc.Attr(block.identifier, block.classes, attributes))
  local caption = pandoc.Para({ pandoc.Code(file) })
  return pandoc.Div({ caption, code }, pandoc.Attr("", { "listing" }, { { "snippet", snippet } }))
end

-- The value of attribute `name` in a fence's opening line ({.c include="..."}), or nil.
local function fence_attribute(line, name)
  return line:match(name .. '="([^"]*)"') or line:match(name .. "='([^']*)'") or line:match(name .. "=([^%s}\"']+)")
end

-- Rewrites the copies of the listings in one chapter file from their sources.
local function sync_chapter(path, edits)
  local lines, blocks = common.lines(common.read_file(path)), {}
  for i, line in ipairs(lines) do
    local indent, fence = line:match("^(%s*)(```+)%s*{")
    if not fence then indent, fence = line:match("^(%s*)(~~~+)%s*{") end
    local key = fence and fence_attribute(line, "include") and (fence_attribute(line, "include") .. "\0" .. (fence_attribute(line, "snippet") or ""))
    if key and edits[key] then
      local j = i + 1
      while j <= #lines and not lines[j]:match("^%s*" .. fence .. "%s*$") do j = j + 1 end
      if j <= #lines then blocks[i] = { close = j, indent = indent, lines = edits[key] } end
    end
  end
  common.rewrite_blocks(path, blocks)
  io.stderr:write("book: updated the listings of " .. path .. "\n")
end

function Pandoc(doc)
  common.walk_chapters(doc, function(chapter)
    return {
      CodeBlock = function(block)
        if block.attributes.include then return transclude(block, chapter) end
      end,
    }
  end)
  for path, edits in pairs(sync_edits) do sync_chapter(path, edits) end
  common.fail_if_problems()
  common.append_manifest(manifest)
  return doc
end
