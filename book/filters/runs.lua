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
local manifest = {}

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
    return nil
  end
  local output = recorded_output(key, cmd, dir)
  if not output then
    common.problem(chapter, string.format("no recorded output for `%s` in %s/%s (build the book with book/build)", cmd, RUNS, key))
    return nil
  end
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

function Pandoc(doc)
  common.walk_chapters(doc, function(chapter)
    return {
      CodeBlock = function(block)
        if block.attributes.run then return run_block(block, chapter) end
      end,
      Image = function(img) return image(img, chapter) end,
    }
  end)
  common.fail_if_problems()
  common.append_manifest(manifest)
  common.fail_if_problems()
  return doc
end
