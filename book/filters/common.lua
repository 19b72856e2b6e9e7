-- common.lua — what the book's filters share: problems, files, paths and the
-- chapter each block belongs to. Loaded with require("common").
local M = {}

-- Problems are collected so one build names all of them before it fails.
M.problems = {}

-- Records one problem, prefixed with the chapter (or file) it was found in.
function M.problem(where, message)
  table.insert(M.problems, where .. ": " .. message)
end

-- Prints every recorded problem on stderr and exits 1; does nothing if there are none.
function M.fail_if_problems()
  if #M.problems == 0 then return end
  for _, p in ipairs(M.problems) do io.stderr:write("book: " .. p .. "\n") end
  io.stderr:flush()
  os.exit(1)
end

-- The whole content of a file, or nil if it cannot be read.
function M.read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  return text
end

-- Writes a file whole; returns false if it cannot.
function M.write_file(path, text)
  local f = io.open(path, "wb")
  if not f then return false end
  f:write(text)
  f:close()
  return true
end

-- True if a file (or directory) exists at path.
function M.exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return os.rename(path, path) and true or false
end

-- Splits text into lines (without their newlines); a final newline adds no empty line.
function M.lines(text)
  local out = {}
  for line in (text .. (text:sub(-1) == "\n" and "" or "\n")):gmatch("(.-)\n") do
    table.insert(out, line)
  end
  return out
end

-- Rewrites the bodies of fenced blocks in a file: blocks maps the line of an
-- opening fence to { close = line of its closing fence, indent = what every
-- line gets in front, lines = the new body }.
function M.rewrite_blocks(path, blocks)
  local lines, out, i = M.lines(M.read_file(path)), {}, 1
  while i <= #lines do
    table.insert(out, lines[i])
    local b = blocks[i]
    if b then
      for _, l in ipairs(b.lines) do table.insert(out, l == "" and "" or b.indent .. l) end
      table.insert(out, lines[b.close])
      i = b.close + 1
    else
      i = i + 1
    end
  end
  M.write_file(path, table.concat(out, "\n") .. "\n")
end

-- Elements that can carry an id a link may point to.
M.WITH_IDS = { "Header", "Div", "Span", "CodeBlock", "Code", "Image", "Link" }

-- The value of an environment variable, or a default when it is unset or empty.
function M.env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

-- True if a link target names a scheme (https:, mailto:, data:) rather than a file.
function M.is_external(target)
  return target:match("^%a[%w+.-]*:") ~= nil
end

-- Resolves a link target into a path from the repository root
-- ("steps/01-cpu/out/cpu.svg"): relative to the chapter's directory, or to the
-- root if it starts with "/", as on GitHub; nil if it leaves the root. (A
-- chapter given by an absolute path, in the tests, resolves to absolute paths.)
function M.resolve(chapter, target)
  local dir = chapter:match("^(.*)/[^/]*$") or ""
  local path = target:sub(1, 1) == "/" and target:sub(2) or (dir == "" and target or dir .. "/" .. target)
  local absolute = target:sub(1, 1) ~= "/" and chapter:sub(1, 1) == "/"
  local parts = {}
  for part in path:gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then return nil end
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return (absolute and "/" or "") .. table.concat(parts, "/")
end

-- The chapter a translation translates: steps/01-cpu/README.md for
-- steps/01-cpu/README.ja.md (a language code before .md), or nil for an original.
function M.original(path)
  local base = path:match("^(.*)%.%l%l%.md$")
  return base and base .. ".md" or nil
end

-- The short name of a chapter: "01-cpu" for steps/01-cpu/README.md, else the file's base name.
-- A translation has its original's (so both editions share the runs and page names).
-- (A chapter under any steps/NN-*/ counts as a step, so the tests' fixtures can be one.)
function M.chapter_key(path)
  path = M.original(path) or path
  local step = path:match("steps/([^/]+)/README%.md$")
  if step then return step end
  return (path:match("([^/]+)$") or path):gsub("%.%w+$", "")
end

-- The step number of a step chapter (1 for steps/01-cpu/README.md or README.ja.md), or nil.
function M.step_number(path)
  local n = (M.original(path) or path):match("steps/(%d+)%-[^/]*/README%.md$")
  return n and tonumber(n) or nil
end

-- The HTML id of a chapter: "step-01-cpu" for a step, the base name otherwise.
function M.chapter_id(path)
  local key = M.chapter_key(path)
  return M.step_number(path) and "step-" .. key or key
end

-- The chapter a standalone input file stands for (when the book was not assembled).
local function input_chapter()
  local f = PANDOC_STATE.input_files[1]
  if f == nil or f == "-" then return "stdin" end
  return f
end

-- Calls fn(blocks, source) for each chapter of the document and puts back the
-- blocks it returns. Chapters are Divs of class "chapter" made by chapters.lua;
-- a document that was not assembled is one chapter, named by its input file.
function M.each_chapter(doc, fn)
  local found = false
  for i, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.classes:includes("chapter") then
      found = true
      block.content = fn(block.content, block.attributes.source)
      doc.blocks[i] = block
    end
  end
  if not found then doc.blocks = fn(doc.blocks, input_chapter()) end
  return doc
end

-- Appends rows (lists of fields) to the manifest book/build reads (BOOK_MANIFEST),
-- as tab-separated lines; does nothing when BOOK_MANIFEST is unset.
function M.append_manifest(rows)
  local path = M.env("BOOK_MANIFEST", nil)
  if not path or #rows == 0 then return end
  local f = io.open(path, "a")
  if not f then
    M.problem("book", "cannot write the manifest " .. path)
    return
  end
  for _, row in ipairs(rows) do f:write(table.concat(row, "\t") .. "\n") end
  f:close()
end

-- One manifest row: chapter key, step number or -, kind, expected exit, value.
function M.manifest_row(chapter, kind, exit, value)
  return { M.chapter_key(chapter), tostring(M.step_number(chapter) or "-"), kind, tostring(exit), value }
end

-- Walks a list of blocks with a filter table and returns the new list.
function M.walk(blocks, filter)
  return pandoc.walk_block(pandoc.Div(blocks), filter).content
end

-- Walks each chapter with the filter table make_filter(chapter) returns.
function M.walk_chapters(doc, make_filter)
  return M.each_chapter(doc, function(blocks, chapter) return M.walk(blocks, make_filter(chapter)) end)
end

return M
