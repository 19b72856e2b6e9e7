-- runs.lua — output never drifts. A console block
--
--   ```{.console run="make -s -C steps/01-cpu top"}
--
-- shows `$ command` and what the command printed when book/build ran it, from
-- the repository root, in a copy of the tree with every step's solution/ laid
-- over it (after the chapter's own `make step-N`). Options: dir="steps/01-cpu"
-- runs it in that directory instead, head="N" and tail="N" keep the first /
-- last N lines, exit="N" is the status it must end with (0 by default). If the
-- chapter's copy starts with a `$ ` line, it must show the command that runs.
--
-- An image in a step's out/ (`![call graph](out/cpu.svg)` in
-- steps/01-cpu/README.md) is a figure made by that run. Any other image must be
-- a file in the repository.
--
-- Every number a reader sees comes from a run:
--   * a console block (class console, or a fenced block with no class) that is
--     not a run block may show only commands (`$ ` lines and their `\`
--     continuations): one that shows output fails, naming the chapter and line;
--   * a run block records named values from what its command printed:
--     value-samples="^Total: (%d+) samples" keeps the first capture of the first
--     line that matches, and prose refers to it as
--     <!--value samples-->242<!--/value--> (the number between the comments is
--     what GitHub shows; the book shows the run's). A reference names a value
--     of its own chapter, and cannot start a line (pandoc would read a raw block);
--   * the chapter's copy of a run block shows a command and an example of its
--     output, for readers on GitHub; book/build --sync-listings (BOOK_SYNC=1)
--     rewrites it from the last build's output, ending with the line EXAMPLE_MARK.
--
-- BOOK_MODE=check (book/build's first pass) checks the blocks and appends what
-- must run to BOOK_MANIFEST, one tab-separated line per command or figure:
--   chapter key, step number or -, run|figure, expected exit, command or path, dir.
-- BOOK_MODE=render fills the blocks in from BOOK_RUNS/<chapter key>/:
-- cmd-<sha1 of the command>.out (of "dir\ncommand" with a dir) and files/<path>.
package.path = PANDOC_SCRIPT_FILE:gsub("[^/]*$", "") .. "?.lua;" .. package.path
local common = require("common")

local MODE = common.env("BOOK_MODE", "check")
local RUNS = common.env("BOOK_RUNS", "build/book/runs")
local ROOT = common.env("BOOK_ROOT", pandoc.system.get_working_directory())
local SYNC = common.env("BOOK_SYNC", "0") == "1"
-- The last line of a run block's copy in a chapter: what it shows is an example.
local EXAMPLE_MARK = "[example output: the book shows what its own build printed]"
local manifest = {}
-- Chapter -> { name -> value } (render; false when the run printed no match) or { name -> true } (check).
local values = {}
-- Chapter -> { fence line -> lines of the new copy } for --sync-listings.
local sync_edits = {}

-- Collapses runs of blanks, so a command wrapped over lines compares equal.
local function squeeze(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- The command a chapter's copy shows on its first `$ ` line (joining `\` continuations), or nil.
local function shown_command(text)
  local lines = common.lines(text)
  if not lines[1] or not lines[1]:match("^%$ ") then return nil end
  local cmd, i = lines[1]:sub(3), 1
  while cmd:match("\\%s*$") and lines[i + 1] do
    i = i + 1
    cmd = cmd:gsub("\\%s*$", " ") .. lines[i]:gsub("^%s*>?%s*", "")
  end
  return squeeze(cmd)
end

-- The lines of a console copy that are not commands (`$ ` lines and their `\`
-- continuations) and not blank: what the block shows as output.
local function output_lines(text)
  local out, continued = {}, false
  for _, line in ipairs(common.lines(text)) do
    local command = continued or line:match("^%$ ") ~= nil
    continued = command and line:match("\\%s*$") ~= nil
    if not command and line:match("%S") then table.insert(out, line) end
  end
  return out
end

-- The fenced code blocks of a chapter file, in order: { line, close, indent, body }.
local fence_cache = {}
local function fences(chapter)
  if fence_cache[chapter] then return fence_cache[chapter] end
  local list, open = {}, nil
  for i, line in ipairs(common.lines(common.read_file(chapter) or "")) do
    local indent, fence = line:match("^(%s*)(```+)")
    if not fence then indent, fence = line:match("^(%s*)(~~~+)") end
    if open and fence and fence:sub(1, 1) == open.fence:sub(1, 1) and #fence >= #open.fence and line:match("^%s*[`~]+%s*$") then
      open.close, open.body, open.lines = i, table.concat(open.lines, "\n"), nil
      table.insert(list, open)
      open = nil
    elseif open then
      table.insert(open.lines, line:sub(1, #open.indent):match("^%s*$") and line:sub(#open.indent + 1) or line)
    elseif fence then
      open = { line = i, fence = fence, indent = indent, lines = {} }
    end
  end
  fence_cache[chapter] = list
  return list
end

-- The fence of the chapter's source that holds a code block (the first unused one
-- with the same text), or nil.
local function source_fence(chapter, block)
  for _, f in ipairs(fences(chapter)) do
    if not f.used and f.body == block.text then
      f.used = true
      return f
    end
  end
end

-- "chapter:line" for a code block, to name it in a problem.
local function where(chapter, block)
  local f = source_fence(chapter, block)
  return chapter .. ":" .. (f and f.line or "?")
end

-- A console block that is not a run block fails if it shows output: no number
-- reaches the book that a run did not print.
local function pasted_block(block, chapter)
  if not (block.classes:includes("console") or #block.classes == 0) then return end
  local out = output_lines(block.text)
  if #out == 0 then return end
  common.problem(where(chapter, block), string.format(
    "a console block shows output that no run made ('%s'): give it run=\"COMMAND\" (and dir=) so the book runs it, or keep only its `$ ` command lines",
    out[1]))
end

-- The values a run block records: value-NAME="PATTERN" attributes, as name -> pattern.
local function value_patterns(block)
  local list = {}
  for k, v in pairs(block.attributes) do
    local name = k:match("^value%-([%w_-]+)$")
    if name then list[name] = v end
  end
  return list
end

-- Records the values of a run block: in the check pass their names (and whether
-- each pattern has a capture), in the render pass the first capture of the first
-- line of the output that matches.
local function record_values(block, chapter, output)
  values[chapter] = values[chapter] or {}
  for name, pattern in pairs(value_patterns(block)) do
    if values[chapter][name] ~= nil then
      common.problem(chapter, string.format("value '%s' is recorded by two run blocks", name))
    end
    if not pattern:match("%(") then
      common.problem(chapter, string.format("run block `%s`: value-%s=\"%s\" has no capture: put the value in ( )", block.attributes.run, name, pattern))
    end
    values[chapter][name] = true
    if output then
      local found = false
      for _, line in ipairs(output) do
        local ok, v = pcall(string.match, line, pattern)
        if ok and v then found = v break end
      end
      if not found then
        common.problem(chapter, string.format("run block `%s`: no line of its output matches value-%s=\"%s\"", block.attributes.run, name, pattern))
      end
      values[chapter][name] = found
    end
  end
end

-- Keeps the first `head` and last `tail` lines of an output, with "..." where lines were left out.
local function excerpt(lines, head, tail)
  if not head and not tail then return lines end
  head, tail = head or 0, tail or 0
  if head + tail >= #lines then return lines end
  local out = {}
  for i = 1, head do table.insert(out, lines[i]) end
  table.insert(out, "...")
  for i = #lines - tail + 1, #lines do table.insert(out, lines[i]) end
  return out
end

-- What a command printed, as lines: colours dropped, carriage-return progress reduced to its last state.
local function recorded_output(key, cmd, dir)
  local id = pandoc.utils.sha1(dir == "" and cmd or dir .. "\n" .. cmd)
  local text = common.read_file(RUNS .. "/" .. key .. "/cmd-" .. id .. ".out")
  if not text then return nil end
  local lines = {}
  for _, l in ipairs(common.lines(text)) do
    l = l:gsub("\27%[[%d;]*[A-Za-z]", ""):gsub("^.*\r", "")
    table.insert(lines, (l:gsub("%s+$", "")))
  end
  while #lines > 0 and lines[#lines] == "" do table.remove(lines) end
  return lines
end

-- A number attribute (head, tail, exit), or nil; records a problem if it is not a number.
local function number_attribute(block, name, chapter)
  local v = block.attributes[name]
  if v == nil then return nil end
  if not v:match("^%d+$") then
    common.problem(chapter, string.format("run block `%s`: %s=\"%s\" is not a number", block.attributes.run, name, v))
    return nil
  end
  return tonumber(v)
end

-- The chapter's copy of a run block must show an example of its output (for
-- readers on GitHub). With BOOK_SYNC=1 and an output from the last build, the
-- copy is rewritten instead: its command lines, the output as the book shows it,
-- and EXAMPLE_MARK.
local function example_copy(block, chapter, cmd, head, tail, output)
  if SYNC and output then
    local f = source_fence(chapter, block)
    if not f then
      common.problem(chapter, string.format("run block `%s`: cannot find its fence in the file to sync it", cmd))
      return
    end
    local copy, continued = {}, false
    for _, line in ipairs(common.lines(block.text)) do
      if not (continued or line:match("^%$ ")) then break end
      continued = line:match("\\%s*$") ~= nil
      table.insert(copy, line)
    end
    if #copy == 0 then copy = { "$ " .. cmd } end
    for _, l in ipairs(excerpt(output, head, tail)) do table.insert(copy, l) end
    table.insert(copy, EXAMPLE_MARK)
    sync_edits[chapter] = sync_edits[chapter] or {}
    sync_edits[chapter][f.line] = { close = f.close, indent = f.indent, lines = copy }
    return
  end
  if #output_lines(block.text) == 0 then
    common.problem(chapter, string.format(
      "run block `%s` shows no example output for readers on GitHub: paste what it printed, ending with the line %s (book/build --sync-listings after a build copies it in)",
      cmd, EXAMPLE_MARK))
  end
end

-- Rewrites the copies of a chapter's run blocks (book/build --sync-listings),
-- and the examples of the values its prose cites, from the last build's runs.
local function sync_chapter(path, edits)
  common.rewrite_blocks(path, edits)
  local text = common.read_file(path)
  for name, value in pairs(values[path] or {}) do
    if value then
      local cite = "<!--value " .. name .. "-->"
      text = text:gsub("<!%-%-value " .. name:gsub("%-", "%%-") .. "%-%->.-<!%-%-/value%-%->",
        function() return cite .. value .. "<!--/value-->" end)
    end
  end
  common.write_file(path, text)
  io.stderr:write("book: updated the example outputs of " .. path .. "\n")
end

-- Checks or fills in one run block.
local function run_block(block, chapter)
  local cmd, key, dir = block.attributes.run, common.chapter_key(chapter), block.attributes.dir or ""
  local head, tail = number_attribute(block, "head", chapter), number_attribute(block, "tail", chapter)
  local exit = number_attribute(block, "exit", chapter) or 0
  local shown = shown_command(block.text)
  if shown and shown ~= squeeze(cmd) then
    common.problem(chapter, string.format("run block shows `$ %s` but runs `%s`; make them the same", shown, cmd))
  end
  if dir ~= "" and (dir:match("^/") or dir:match("%.%.") or not common.exists(dir)) then
    common.problem(chapter, string.format("run block `%s`: dir=\"%s\" is not a directory of the repository", cmd, dir))
  end
  if MODE == "check" then
    local row = common.manifest_row(chapter, "run", exit, cmd)
    table.insert(row, dir)
    table.insert(manifest, row)
    local output = recorded_output(key, cmd, dir)
    record_values(block, chapter, SYNC and output or nil)
    example_copy(block, chapter, cmd, head, tail, output)
    return nil
  end
  local output = recorded_output(key, cmd, dir)
  if not output then
    common.problem(chapter, string.format("no recorded output for `%s` in %s/%s (build the book with book/build)", cmd, RUNS, key))
    return nil
  end
  record_values(block, chapter, output)
  local text = "$ " .. cmd .. "\n" .. table.concat(excerpt(output, head, tail), "\n")
  local classes = block.classes:clone()
  classes:insert("run")
  return pandoc.CodeBlock(text, pandoc.Attr(block.identifier, classes))
end

-- Checks or fills in one image: a figure from a step's run, or a file of the repository.
local function image(img, chapter)
  if common.is_external(img.src) then
    common.problem(chapter, "image " .. img.src .. " is not a file of the repository (the book builds offline)")
    return nil
  end
  local path = common.resolve(chapter, img.src)
  if not path then
    common.problem(chapter, "image " .. img.src .. " is outside the repository")
    return nil
  end
  if path:match("^steps/[^/]+/out/") then
    if MODE == "check" then
      table.insert(manifest, common.manifest_row(chapter, "figure", 0, path))
      return nil
    end
    local made = RUNS .. "/" .. common.chapter_key(chapter) .. "/files/" .. path
    if not common.exists(made) then
      common.problem(chapter, "figure " .. img.src .. " (" .. path .. ") was not made by the chapter's runs")
      return nil
    end
    img.src = made:sub(1, 1) == "/" and made or ROOT .. "/" .. made
    return img
  end
  if not common.exists(path) then
    common.problem(chapter, "image " .. img.src .. " does not exist (" .. path .. ")")
    return nil
  end
  if MODE == "render" then img.src = ROOT .. "/" .. path return img end
end

-- A reference to a value: <!--value NAME--> opens it, <!--/value--> closes it.
local OPEN_VALUE, CLOSE_VALUE = "^<!%-%-%s*value%s+([%w_-]+)%s*%-%->$", "^<!%-%-%s*/value%s*%-%->$"

-- The name a raw inline opens a reference to, or nil.
local function opens_value(el)
  return el.t == "RawInline" and el.format:match("html") and el.text:match(OPEN_VALUE)
end

-- True if an inline closes a reference.
local function closes_value(el)
  return el.t == "RawInline" and el.format:match("html") and el.text:match(CLOSE_VALUE) ~= nil
end

-- Checks the references of a list of inlines; in the render pass replaces each
-- (its comments and the example between them) with the value the run recorded.
local function fill_values(inlines, chapter)
  local out, i, changed = pandoc.List(), 1, false
  while i <= #inlines do
    local name = opens_value(inlines[i])
    if name then
      local j = i + 1
      while j <= #inlines and not closes_value(inlines[j]) do j = j + 1 end
      local known = (values[chapter] or {})[name]
      if j > #inlines then
        common.problem(chapter, string.format("<!--value %s--> is not closed by <!--/value--> in the same paragraph", name))
        j = i
      elseif known == nil then
        common.problem(chapter, string.format("<!--value %s--> names no value of this chapter (add value-%s=\"PATTERN\" to the run block that prints it)", name, name))
      end
      if MODE == "render" and known then
        changed = true
        out:insert(pandoc.Span({ pandoc.Str(known) }, pandoc.Attr("", { "run-value" })))
      else
        for k = i + 1, j - 1 do out:insert(inlines[k]) end
      end
      i = j + 1
    else
      out:insert(inlines[i])
      i = i + 1
    end
  end
  if changed then return out end
end

function Pandoc(doc)
  common.walk_chapters(doc, function(chapter)
    return {
      CodeBlock = function(block)
        if block.attributes.run then return run_block(block, chapter) end
        pasted_block(block, chapter)
      end,
      Image = function(img) return image(img, chapter) end,
    }
  end)
  common.walk_chapters(doc, function(chapter)
    return {
      Inlines = function(inlines) return fill_values(inlines, chapter) end,
      RawBlock = function(raw)
        local name = raw.format:match("html") and raw.text:match("^<!%-%-%s*value%s+([%w_-]-)%s*%-%->")
        if name then
          common.problem(chapter, string.format("<!--value %s--> starts a line, where it is read as a block: put a word before it", name))
        end
      end,
    }
  end)
  for path, edits in pairs(sync_edits) do sync_chapter(path, edits) end
  common.fail_if_problems()
  common.append_manifest(manifest)
  common.fail_if_problems()
  return doc
end
