-- Writes the grader's feedback pages as standalone HTML, many in one run of
-- pandoc (checker/grade/report): FEEDBACK_PAGES names a file of
-- "MARKDOWN<TAB>HTML<TAB>TITLE" lines. The input pandoc is given is ignored.

-- Reads a whole file, or stops pandoc with a one-line error.
local function slurp(path)
  local f = assert(io.open(path, 'r'))
  local text = f:read('a')
  f:close()
  return text
end

-- Converts each listed page as `pandoc --standalone --from
-- markdown-raw_html-raw_attribute --to html5 --metadata pagetitle=TITLE` would.
function Pandoc(doc)
  local template = pandoc.template.compile(pandoc.template.default('html5'))
  for line in slurp(os.getenv('FEEDBACK_PAGES')):gmatch('[^\n]+') do
    local md, html, title = line:match('^([^\t]+)\t([^\t]+)\t(.*)$')
    local page = pandoc.read(slurp(md), 'markdown-raw_html-raw_attribute')
    page.meta.pagetitle = title
    local out = assert(io.open(html, 'w'))
    out:write(pandoc.write(page, 'html5', { template = template }))
    out:close()
  end
  return doc
end
