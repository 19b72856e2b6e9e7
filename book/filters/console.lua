-- console.lua — in the HTML-based formats (HTML, EPUB, the PDF), a console
-- block's command lines (`$ ...`, with their `\` continuations) are set apart
-- from the output they printed, so a reader sees at once what to type. Other
-- formats (the filters' tests use native) are left alone.
package.path = PANDOC_SCRIPT_FILE:gsub("[^/]*$", "") .. "?.lua;" .. package.path
local common = require("common")

-- Escapes text for HTML.
local function escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

-- The block's lines as HTML, each command line in a span of class "cmd".
local function marked_lines(text)
  local out, continued = {}, false
  for _, line in ipairs(common.lines(text)) do
    local command = continued or line:match("^%$ ") ~= nil
    continued = command and line:match("\\%s*$") ~= nil
    table.insert(out, command and '<span class="cmd">' .. escape(line) .. "</span>" or escape(line))
  end
  return table.concat(out, "\n")
end

function CodeBlock(block)
  if not FORMAT:match("html") and not FORMAT:match("epub") then return nil end
  if not block.classes:includes("console") then return nil end
  local id = block.identifier ~= "" and ' id="' .. escape(block.identifier) .. '"' or ""
  return pandoc.RawBlock("html", "<pre" .. id .. ' class="' .. table.concat(block.classes, " ") .. '"><code>'
    .. marked_lines(block.text) .. "</code></pre>")
end
