#!/bin/sh
# charts.sh DIR: draw the compare matrix of DIR/compare.json as charts,
# DIR/matrix.svg (a grid: a row a check, a column a backend or peer) and
# DIR/jail.svg (what a jail costs), in plain SVG written by awk.
# Called by gen.sh, which passes its shared awk (jstr, jnum, fmt) in LIB
# and has already made the paths in the document relative.
set -e
D=${1:?usage: charts.sh DIR}
: "${LIB:?charts.sh is run by gen.sh}"

# Shared awk for the two charts of the compare matrix: text made safe for
# XML (jstr escapes | for the Markdown table; SVG wants it back), and one
# result line read into its parts.
SVGLIB='
function xml(s) {
	gsub(/\\\|/, "|", s)
	gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
	gsub(/"/, "\\&quot;", s)
	return s
}
/"program":/ {
	prog = $0; sub(/.*\[/, "", prog); sub(/\].*/, "", prog)
	gsub(/"/, "", prog); gsub(/, /, " ", prog)
}
/"kind":/ {
	col[++ncol] = jstr($0, "name"); kind[ncol] = jstr($0, "kind")
	avail[ncol] = ($0 ~ /"available": true/)
}
/"id":/ {
	row[++nrow] = jstr($0, "id"); title[nrow] = jstr($0, "title")
	group[nrow] = jstr($0, "group")
}
/"result":/ {
	name = $0; sub(/^ *"/, "", name); sub(/".*/, "", name)
	res[nrow, name] = jstr($0, "result"); err[nrow, name] = jstr($0, "error")
	det[nrow, name] = jstr($0, "detail")
	val[nrow, name] = jnum($0, "value"); unit[nrow, name] = jstr($0, "unit")
}
'

# height SVG: SVG.tmp, whose height is known only at its end (its last
# line, HEIGHT=N), written as SVG with that height.
height() {
	awk 'NR == FNR { if (/^HEIGHT=/) h = substr($0, 8); next }
	    !/^HEIGHT=/ { sub(/height="HEIGHT"/, "height=\"" h "\""); print }' \
	    "$1.tmp" "$1.tmp" >"$1" && rm -f "$1.tmp"
}

# The matrix as a grid: a row a check under its group, a column a backend
# or peer; each cell a shape, a colour and a word, the detail as a tooltip.
awk "$LIB$SVGLIB"'
function mark(r, cx, cy) {
	if (r == "blocked") {
		printf "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#1f5fa8\"/>", cx - 6, cy - 6
		printf "<path d=\"M%d %dl6 6m0 -6l-6 6\" stroke=\"white\" stroke-width=\"2\"/>", cx - 3, cy - 3
	} else if (r == "allowed") {
		printf "<circle cx=\"%d\" cy=\"%d\" r=\"6.5\" fill=\"#c2571a\"/>", cx, cy
		printf "<path d=\"M%d %dl2.5 3l4 -6\" fill=\"none\" stroke=\"white\" stroke-width=\"2\"/>", cx - 3.5, cy
	} else if (r == "n/a")
		printf "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#888\" stroke-width=\"3\"/>", cx - 6, cx + 6, cy, cy
}
function cell(i, j, x, y,   r, word, sub2, bg) {
	r = res[i, col[j]]
	if (r == "blocked") { word = "blocked"; sub2 = err[i, col[j]]; bg = "#dce9f7" }
	else if (r == "allowed") { word = "allowed"; sub2 = ""; bg = "#fbe3d2" }
	else if (r == "n/a") {
		d = det[i, col[j]]
		if (!(d in note)) { note[d] = ++nnote; notes[nnote] = d }
		word = "n/a"; sub2 = "note " note[d]; bg = "#f2f2f2"
	} else if (r == "measured") {
		word = fmt(val[i, col[j]], unit[i, col[j]]); sub2 = ""; bg = "white"
	} else { word = r == "" ? "absent" : r; sub2 = ""; bg = "white" }
	printf "<g class=\"cell\" data-check=\"%s\" data-column=\"%s\" data-result=\"%s\">", xml(row[i]), xml(col[j]), xml(r)
	printf "<title>%s, %s: %s%s</title>", xml(col[j]), xml(title[i]), xml(r), det[i, col[j]] == "" ? "" : " (" xml(det[i, col[j]]) ")"
	printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"white\" stroke-width=\"2\"/>", x, y, CW, RH, bg
	mark(r, x + 12, y + 11)
	printf "<text x=\"%d\" y=\"%d\"%s>%s</text>", r == "measured" ? x + 6 : x + 22, y + 15, r == "measured" ? "" : " font-weight=\"bold\"", xml(word)
	if (sub2 != "")
		printf "<text x=\"%d\" y=\"%d\" font-size=\"9\" fill=\"#333\">%s</text>", x + 4, y + 27, xml(substr(sub2, 1, 14))
	print "</g>"
}
# wrap S at N characters a line, from Y down by H: the lines drawn.
function para(s, x, y, h, n, attr,   w, k, line, m) {
	m = split(s, w, " "); line = ""; k = 0
	for (i2 = 1; i2 <= m; i2++) {
		if (line != "" && length(line) + 1 + length(w[i2]) > n) {
			printf "<text x=\"%d\" y=\"%d\"%s>%s</text>\n", x, y + k * h, attr, xml(line)
			k++; line = ""
		}
		line = line == "" ? w[i2] : line " " w[i2]
	}
	if (line != "") { printf "<text x=\"%d\" y=\"%d\"%s>%s</text>\n", x, y + k * h, attr, xml(line); k++ }
	return k
}
END {
	LW = 300; CW = 80; RH = 32; GH = 24; X0 = 10 + LW
	W = X0 + ncol * CW + 10
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"HEIGHT\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-labelledby=\"t\">\n", W
	print "<title id=\"t\">What each backend and peer lets the confined program do (sandbox compare)</title>"
	print "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
	print "<text x=\"10\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Can the confined program... (sandbox compare; a cell: blocked, allowed, n/a or a measured cost)</text>"
	# The kinds over the columns: sandbox backends, then the peers.
	for (j = 1; j <= ncol; j = k) {
		for (k = j; k <= ncol && kind[k] == kind[j]; k++) ;
		x1 = X0 + (j - 1) * CW + 3; x2 = X0 + (k - 1) * CW - 3
		printf "<path d=\"M%d 52v-6H%dv6\" fill=\"none\" stroke=\"#555\"/>\n", x1, x2
		printf "<text x=\"%d\" y=\"42\" text-anchor=\"middle\" fill=\"#333\">%s</text>\n", (x1 + x2) / 2, kind[j] == "peer" ? "other tools" : "sandbox backends"
	}
	for (j = 1; j <= ncol; j++) {
		x = X0 + (j - 1) * CW + CW / 2; n = col[j]; n2 = ""
		if (length(n) > 11 && index(n, "-") > 0) {
			n2 = substr(n, index(n, "-") + 1); n = substr(n, 1, index(n, "-"))
		}
		printf "<text x=\"%d\" y=\"70\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n", x, xml(n)
		if (n2 != "")
			printf "<text x=\"%d\" y=\"84\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n", x, xml(n2)
		if (!avail[j])
			printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">(not here)</text>\n", x, n2 == "" ? 84 : 96
	}
	y = 100
	for (i = 1; i <= nrow; i++) {
		if (group[i] != group[i - 1]) {
			printf "<rect x=\"10\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#e6e6e6\"/>\n", y + 2, W - 20, GH - 4
			printf "<text x=\"14\" y=\"%d\" font-weight=\"bold\" font-style=\"italic\">%s</text>\n", y + 17, xml(group[i])
			y += GH
		}
		printf "<text x=\"14\" y=\"%d\">%s</text>\n", y + 14, xml(title[i])
		printf "<text x=\"14\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>\n", y + 27, xml(row[i])
		for (j = 1; j <= ncol; j++)
			cell(i, j, X0 + (j - 1) * CW, y)
		y += RH
	}
	# The legend: each kind of cell as drawn, then the n/a reasons.
	y += 26
	print "<text x=\"10\" y=\"" y "\" font-weight=\"bold\">Legend</text>"
	lx = 80
	split("blocked allowed n/a", kk, " ")
	split("the action failed (the error or signal below it)|the action succeeded|not applicable (reason by its note number)", kd, "|")
	for (k = 1; k <= 3; k++) {
		printf "<g>"; mark(kk[k], lx + 6, y - 4)
		printf "<text x=\"%d\" y=\"%d\"><tspan font-weight=\"bold\">%s</tspan>: %s</text></g>\n", lx + 18, y, kk[k], kd[k]
		lx += 18 + (length(kk[k]) + length(kd[k])) * 6.6 + 30
	}
	y += 20
	printf "<text x=\"80\" y=\"%d\">a figure: a cost measured for %s (charted in jail.svg)</text>\n", y, xml(prog)
	y += 24
	for (k = 1; k <= nnote; k++)
		y += 16 * para("note " k ": " notes[k], 10, y, 16, int((W - 20) / 6.4), "")
	print "</svg>"
	print "HEIGHT=" y + 10
}' "$D/compare.json" >"$D/matrix.svg.tmp"
height "$D/matrix.svg"

# The jail costs: the files and bytes copied, a bar a column that builds
# a jail (a backend or a peer); then its build and refresh times on one
# scale, to be set against each other; the value and what was done
# written by each bar, the columns that build none named under the chart.
awk "$LIB$SVGLIB"'
function bar(y, i, j, label,   v, w, lbl, d, u) {
	printf "<g class=\"bar\" data-check=\"%s\" data-column=\"%s\">", xml(row[i]), xml(col[j])
	printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", X0 - 6, y + 12, xml(label)
	if (res[i, col[j]] != "measured") {
		printf "<text x=\"%d\" y=\"%d\" fill=\"#555\">n/a: %s</text></g>\n", X0, y + 12, xml(det[i, col[j]])
		return
	}
	v = val[i, col[j]]; u = unit[i, col[j]]
	w = max[u] > 0 ? v / max[u] * BW : 0
	printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>", X0, y, w, kind[j] == "peer" ? "url(#peer)" : "#3a75c4"
	lbl = fmt(v, u); d = det[i, col[j]]
	printf "<text x=\"%.1f\" y=\"%d\"><tspan font-weight=\"bold\">%s</tspan>", X0 + w + 4, y + 12, xml(lbl)
	if (d != "" && d != lbl)
		printf "<tspan dx=\"6\" fill=\"#555\">(%s)</tspan>", xml(d)
	print "</text></g>"
}
function heading(y, t, id) {
	printf "<text x=\"10\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s", y, xml(t)
	if (id != "")
		printf "<tspan dx=\"8\" font-size=\"10\" font-weight=\"normal\" fill=\"#555\">%s</tspan>", xml(id)
	print "</text>"
}
END {
	X0 = 270; BW = 300
	for (i = 1; i <= nrow; i++) {
		if (row[i] !~ /^replication\./)
			continue
		for (j = 1; j <= ncol; j++)
			if (res[i, col[j]] == "measured") {
				if (!(i in ru)) ru[i] = unit[i, col[j]]
				if (val[i, col[j]] > 0) {
					jail[j] = 1; peers += kind[j] == "peer"
				}
			}
	}
	for (i = 1; i <= nrow; i++)
		for (j = 1; j <= ncol; j++)
			if ((j in jail) && (i in ru) && res[i, col[j]] == "measured" && val[i, col[j]] > max[ru[i]])
				max[ru[i]] = val[i, col[j]]
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1060\" height=\"HEIGHT\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-labelledby=\"t\">\n"
	print "<title id=\"t\">What a jail costs: files and bytes copied, build and refresh times (sandbox compare)</title>"
	print "<defs><pattern id=\"peer\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d9822b\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8a4a10\" stroke-width=\"2\"/></pattern></defs>"
	print "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
	print "<text x=\"10\" y=\"24\" font-size=\"15\" font-weight=\"bold\">What a jail costs for " xml(prog) " (sandbox compare)</text>"
	y = 30
	for (i = 1; i <= nrow; i++) {
		if (!(i in ru) || ru[i] == "ms")
			continue
		y += 30; heading(y, title[i], row[i]); y += 10
		for (j = 1; j <= ncol; j++)
			if (j in jail) { bar(y, i, j, col[j]); y += 20 }
	}
	y += 30; heading(y, "time to build the jail and to refresh it (ms, one scale)", ""); y += 10
	for (j = 1; j <= ncol; j++) {
		if (!(j in jail))
			continue
		printf "<text x=\"20\" y=\"%d\" font-weight=\"bold\">%s</text>\n", y + 12, xml(col[j])
		y += 18
		for (i = 1; i <= nrow; i++)
			if ((i in ru) && ru[i] == "ms") { bar(y, i, j, title[i]); y += 20 }
		y += 6
	}
	y += 20
	printf "<g><rect x=\"10\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#3a75c4\"/><text x=\"30\" y=\"%d\">a sandbox backend</text>", y - 11, y
	if (peers) printf "<rect x=\"170\" y=\"%d\" width=\"14\" height=\"14\" fill=\"url(#peer)\"/><text x=\"190\" y=\"%d\">another tool (hatched)</text>", y - 11, y
	print "</g>"
	l = ""
	for (j = 1; j <= ncol; j++)
		if (!(j in jail))
			l = l (l == "" ? "" : ", ") "<tspan data-column=\"" xml(col[j]) "\">" xml(col[j]) "</tspan>"
	if (l != "") {
		y += 24
		printf "<text x=\"10\" y=\"%d\">No jail to build or refresh (the program runs from the host&apos;s files):</text>\n", y
		y += 18
		printf "<text x=\"20\" y=\"%d\">%s</text>\n", y, l
	}
	print "</svg>"
	print "HEIGHT=" y + 14
}' "$D/compare.json" >"$D/jail.svg.tmp"
height "$D/jail.svg"

