# flame.awk — draws a flame graph (SVG) from folded stacks "root;...;leaf COUNT",
# sorted so that stacks sharing a prefix are adjacent (LC_ALL=C sort). Each box
# is a function on the stack; its width is its share of the samples, callers
# below callees. Hover a box for its samples.
# W is the width of the boxes in px (default 1200): a figure shown in a narrower
# column is scaled down with its labels, so draw it at the column's width.
#   LC_ALL=C sort stacks.folded | awk -v title="..." [-v W=640] -f flame.awk > flame.svg

BEGIN { if (W == "") W = 1200; W += 0; ROW = 16; PAD = 10; total = 0; depth = 0; n = 0 }

# Escapes text for SVG.
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }

# A warm colour picked from the name, so a function keeps its colour across graphs.
function colour(name,   h, i) {
  h = 0
  for (i = 1; i <= length(name) && i <= 12; i++) h = (h * 31 + index("abcdefghijklmnopqrstuvwxyz_0123456789", substr(name, i, 1))) % 997
  return sprintf("rgb(%d,%d,%d)", 205 + h % 50, 80 + h % 140, 40 + h % 50)
}

# Closes the boxes of frames DEPTH..from down to keep+1, which end at sample X.
function close_frames(keep, x,   d) {
  for (d = depth; d > keep; d--) { box_name[n] = frame[d]; box_depth[n] = d; box_start[n] = start[d]; box_end[n] = x; n++ }
  depth = keep
}

{
  count = $NF + 0
  stack = $0; sub(/[ \t]+[0-9]+$/, "", stack)
  if (count <= 0 || stack == "") next
  k = split(stack, f, ";")
  same = 0
  while (same < depth && same < k && frame[same + 1] == f[same + 1]) same++
  close_frames(same, total)
  for (d = same + 1; d <= k; d++) { frame[d] = f[d]; start[d] = total }
  depth = k
  if (k > maxdepth) maxdepth = k
  total += count
}

END {
  close_frames(0, total)
  H = (maxdepth + 3) * ROW + 2 * PAD
  printf "<?xml version=\"1.0\" standalone=\"no\"?>\n"
  printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Verdana, sans-serif\" font-size=\"11\">\n", W + 2 * PAD, H, W + 2 * PAD, H
  printf "<rect width=\"100%%\" height=\"100%%\" fill=\"#fdf8f0\"/>\n"
  printf "<text x=\"%d\" y=\"%d\" font-size=\"14\">%s (%d samples)</text>\n", PAD, PAD + 12, esc(title), total
  if (total == 0) { printf "<text x=\"%d\" y=\"%d\">no samples</text>\n</svg>\n", PAD, PAD + 40; exit }
  for (i = 0; i < n; i++) {
    x = PAD + box_start[i] * W / total; w = (box_end[i] - box_start[i]) * W / total
    if (w < 0.3) continue
    y = H - PAD - box_depth[i] * ROW
    samples = box_end[i] - box_start[i]
    printf "<g><title>%s (%d samples, %.1f%%)</title>", esc(box_name[i]), samples, 100 * samples / total
    printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" rx=\"2\"/>", x, y, w, ROW - 1, colour(box_name[i])
    label = box_name[i]; chars = int((w - 4) / 7)
    if (chars >= 3) {
      if (length(label) > chars) label = substr(label, 1, chars - 2) ".."
      printf "<text x=\"%.1f\" y=\"%d\">%s</text>", x + 3, y + ROW - 4, esc(label)
    }
    printf "</g>\n"
  }
  printf "</svg>\n"
}
