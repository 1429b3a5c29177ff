// The decision report as one self-contained HTML document (docs/report.md): inline CSS, charts as
// inline SVG, every chart with a title, a description and its data table; no script unless the
// live weights section is asked for. The same input gives the same bytes.
//
// Machine-readable marks (what the browser tests read): every chart is a <figure class="chart">
// whose marks carry data-key / data-value (and data-key-x / data-value-x for a second number) and
// whose data table carries the same keys on its cells; numbers in data-value are exact (%.17g).
#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/cost_tornado.hpp"
#include "adva/analysis/economics.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/io/decision_report.hpp"
#include "adva/io/economics_report.hpp"
#include "adva/io/report.hpp"
#include "decision_text.hpp"
#include "report_text.hpp"

namespace adva::io {

namespace {

using nlohmann::json;
using namespace report_text;
using namespace decision_text;

// Charts show at most this many options (the best ranked); their tables and the text cover all.
constexpr std::size_t max_chart_options = 30;
constexpr std::size_t max_line_chart_options = 10;

// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), then darker and
// lighter companions; segments are also separated by white gaps and labelled in their order, so
// print in greyscale stays readable.
const char* const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
                               "#004C77", "#9A6B00", "#00664B", "#8A4F72", "#3A7A9E", "#8F3F00", "#A39A2C", "#777777"};
constexpr std::size_t palette_size = sizeof palette / sizeof palette[0];
// Line styles for line charts: colour and dash pattern both differ between series.
const char* const dashes[] = {"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"};

std::string esc(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

/// An id fragment from any text: letters, digits, '-' and '_' kept, everything else as _xx.
std::string id_part(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_') out += char(c);
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, ".%02x", c);
            out += buf;
        }
    }
    return out;
}

/// SVG coordinates with two decimals: enough for the screen and stable across platforms.
std::string coord(double v) { return fixed(v, 2); }

/// data-key / data-value attributes of a mark or a table cell.
std::string data(const std::string& key, double value) {
    return " data-key=\"" + esc(key) + "\" data-value=\"" + exact(value) + "\"";
}
std::string data_x(const std::string& key, double value) {
    return " data-key-x=\"" + esc(key) + "\" data-value-x=\"" + exact(value) + "\"";
}
/// A table cell showing `value` with `decimals`, carrying its exact value.
std::string num_cell(const std::string& key, double value, int decimals) {
    if (!std::isfinite(value)) return "<td class=\"num\">–</td>";
    return "<td class=\"num\"" + data(key, value) + ">" + fixed(value, decimals) + "</td>";
}

std::string named(const appraisal& m, const std::string& id) { return id + " " + option_name(m, id); }

// --- charts --------------------------------------------------------------------------------------

/// A figure: the SVG (with its title and description) and its data table side by side.
struct chart {
    std::string id, title, description;
    double width = 640, height = 200;
    std::string marks;  // SVG content
    std::string table;  // the data table's rows (<thead>/<tbody> content)
    std::string note;   // below the figure
    bool fold_table = false;  // the table in a closed <details>, for small multiples side by side
};

std::string render(const chart& c) {
    std::ostringstream o;
    o << "<figure class=\"chart\" id=\"fig-" << c.id << "\">\n"
      << "<figcaption><strong>" << esc(c.title) << "</strong></figcaption>\n"
      << "<div class=\"chart-body\">\n"
      << "<svg id=\"" << c.id << "\" class=\"chart-svg\" viewBox=\"0 0 " << coord(c.width) << " " << coord(c.height)
      << "\" width=\"" << coord(c.width) << "\" height=\"" << coord(c.height) << "\" role=\"img\" aria-labelledby=\"" << c.id
      << "-title " << c.id << "-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      << "<title id=\"" << c.id << "-title\">" << esc(c.title) << "</title>\n"
      << "<desc id=\"" << c.id << "-desc\">" << esc(c.description) << "</desc>\n"
      << c.marks << "</svg>\n"
      << (c.fold_table ? "<details class=\"chart-data\"><summary>Data</summary>\n" : "")
      << "<table class=\"data\" id=\"" << c.id << "-data\">\n" << c.table << "</table>\n"
      << (c.fold_table ? "</details>\n" : "") << "</div>\n<p class=\"chart-desc\">" << esc(c.description) << "</p>\n";
    if (!c.note.empty()) o << "<p class=\"note\">" << esc(c.note) << "</p>\n";
    o << "</figure>\n";
    return o.str();
}

std::string text_el(double x, double y, const std::string& text, const std::string& cls = "", const char* anchor = "start") {
    return "<text x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" text-anchor=\"" + anchor + "\"" +
           (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + esc(text) + "</text>\n";
}

std::string rect(const std::string& id, double x, double y, double w, double h, const std::string& fill, const std::string& extra) {
    return "<rect id=\"" + id + "\" class=\"mark\" x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"" + coord(std::max(w, 0.0)) +
           "\" height=\"" + coord(h) + "\" fill=\"" + fill + "\" stroke=\"#fff\" stroke-width=\"1\"" + extra + "/>\n";
}

/// A horizontal axis at y from x0 to x1 for values lo..hi, with ticks.
std::string x_axis(double x0, double x1, double y, double lo, double hi, int ticks, int decimals, const std::string& label) {
    std::string s = "<line class=\"axis\" x1=\"" + coord(x0) + "\" y1=\"" + coord(y) + "\" x2=\"" + coord(x1) + "\" y2=\"" + coord(y) + "\"/>\n";
    for (int t = 0; t <= ticks; ++t) {
        const double x = x0 + (x1 - x0) * t / ticks;
        s += "<line class=\"tick\" x1=\"" + coord(x) + "\" y1=\"" + coord(y) + "\" x2=\"" + coord(x) + "\" y2=\"" + coord(y + 4) + "\"/>\n";
        s += text_el(x, y + 15, fixed(lo + (hi - lo) * t / ticks, decimals), "tick-label", "middle");
    }
    if (!label.empty()) s += text_el((x0 + x1) / 2, y + 30, label, "axis-label", "middle");
    return s;
}

std::string y_axis(double x, double y0, double y1, double lo, double hi, int ticks, int decimals, const std::string& label) {
    std::string s = "<line class=\"axis\" x1=\"" + coord(x) + "\" y1=\"" + coord(y0) + "\" x2=\"" + coord(x) + "\" y2=\"" + coord(y1) + "\"/>\n";
    for (int t = 0; t <= ticks; ++t) {
        const double y = y0 + (y1 - y0) * t / ticks;
        s += "<line class=\"tick\" x1=\"" + coord(x - 4) + "\" y1=\"" + coord(y) + "\" x2=\"" + coord(x) + "\" y2=\"" + coord(y) + "\"/>\n";
        s += text_el(x - 6, y + 4, fixed(lo + (hi - lo) * t / ticks, decimals), "tick-label", "end");
    }
    if (!label.empty())
        s += "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(" + coord(x - 42) + " " + coord((y0 + y1) / 2) +
             ") rotate(-90)\">" + esc(label) + "</text>\n";
    return s;
}

/// A legend row of swatches under a chart, in the order the series are drawn.
std::string legend(const std::vector<std::string>& labels, double x, double y, double width, bool lines = false) {
    std::string s;
    double cx = x, cy = y;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double w = 22 + 6.2 * double(clip(labels[i], 28).size());
        if (cx + w > x + width && cx > x) cx = x, cy += 16;
        const std::string colour = palette[i % palette_size];
        if (lines)
            s += "<line x1=\"" + coord(cx) + "\" y1=\"" + coord(cy - 4) + "\" x2=\"" + coord(cx + 14) + "\" y2=\"" + coord(cy - 4) +
                 "\" stroke=\"" + colour + "\" stroke-width=\"2.5\" stroke-dasharray=\"" + dashes[i % 6] + "\"/>\n";
        else
            s += "<rect x=\"" + coord(cx) + "\" y=\"" + coord(cy - 10) + "\" width=\"12\" height=\"12\" fill=\"" + colour + "\"/>\n";
        s += text_el(cx + 17, cy, clip(labels[i], 28), "legend");
        cx += w;
    }
    return s;
}

double legend_height(const std::vector<std::string>& labels, double width) {
    double cx = 0, rows = 1;
    for (const auto& l : labels) {
        const double w = 22 + 6.2 * double(clip(l, 28).size());
        if (cx + w > width && cx > 0) cx = 0, rows += 1;
        cx += w;
    }
    return rows * 16 + 6;
}

/// An elicited value function: value (0–100, up) against the measured level (across), a dot at each
/// breakpoint and, for a MACBETH scale, a bar over the range within which each value fits the
/// judgements. `id` is the figure's.
chart value_curve_chart(const value_curve& v, const std::string& id) {
    chart c;
    c.id = id;
    c.title = "The value function of " + v.name;
    c.description = "Value (0 to 100, up) against the measured level" + (v.unit.empty() ? std::string() : " in " + v.unit) +
                    " (across), linear between the elicited points" +
                    (v.ranges.empty() ? std::string(".")
                                      : "; each bar spans the values that would still fit the judgements, the other levels fixed.");
    c.height = 260;
    c.fold_table = true;
    const double left = 70, right = 30, top = 16, bottom = 56, pw = c.width - left - right, ph = c.height - top - bottom;
    const double lo = v.points.front().first, hi = v.points.back().first;
    const auto px = [&](double level) { return left + pw * (level - lo) / (hi - lo); };
    const auto py = [&](double value) { return top + ph * (1.0 - value / 100.0); };
    c.marks += y_axis(left, top + ph, top, 0, 100, 4, 0, "value");
    c.marks += x_axis(left, left + pw, top + ph, lo, hi, 4, 1, v.unit.empty() ? "level" : v.unit);
    std::string line;
    for (const auto& [level, value] : v.points) line += (line.empty() ? "" : " ") + coord(px(level)) + "," + coord(py(value));
    c.marks += "<polyline class=\"curve\" points=\"" + line + "\"/>\n";
    c.table = "<thead><tr><th class=\"num\">Level</th><th class=\"num\">Value</th>" +
              std::string(v.ranges.empty() ? "" : "<th class=\"num\">Lowest value that fits</th><th class=\"num\">Highest</th>") +
              "</tr></thead><tbody>\n";
    for (std::size_t k = 0; k < v.points.size(); ++k) {
        const auto [level, value] = v.points[k];
        const std::string key = v.criterion + "|" + detail::short_number(level);
        if (!v.ranges.empty()) {
            const auto [low, high] = v.ranges[k];
            const double x = px(level);
            c.marks += "<line class=\"axis\" x1=\"" + coord(x) + "\" y1=\"" + coord(py(low)) + "\" x2=\"" + coord(x) + "\" y2=\"" +
                       coord(py(high)) + "\"/>\n";
            for (const auto& [end, name] : {std::pair{low, "|lowest"}, std::pair{high, "|highest"}})
                c.marks += "<line class=\"axis mark\" x1=\"" + coord(x - 5) + "\" y1=\"" + coord(py(end)) + "\" x2=\"" + coord(x + 5) +
                           "\" y2=\"" + coord(py(end)) + "\"" + data(key + name, end) + "/>\n";
        }
        c.marks += "<circle class=\"mark\" cx=\"" + coord(px(level)) + "\" cy=\"" + coord(py(value)) +
                   "\" r=\"4\" fill=\"#0072B2\"" + data(key, value) + data_x(key + "|level", level) + "/>\n";
        c.table += "<tr><td class=\"num\"" + data(key + "|level", level) + ">" + esc(detail::short_number(level)) + "</td>" +
                   num_cell(key, value, 1) +
                   (v.ranges.empty() ? std::string() : num_cell(key + "|lowest", v.ranges[k].first, 1) + num_cell(key + "|highest", v.ranges[k].second, 1)) +
                   "</tr>\n";
    }
    c.table += "</tbody>\n";
    return c;
}

/// "Charts show the first N of M options" when the short list is longer than a chart shows.
std::string shown_note(std::size_t shown, std::size_t all) {
    if (shown >= all) return {};
    return "The chart shows the " + std::to_string(shown) + " best-ranked of " + std::to_string(all) +
           " short-listed options; the table and the rest of the report cover every option.";
}

// --- the document ----------------------------------------------------------------------------------

const char* const css = R"(
:root{--ink:#1b1b1b;--muted:#555;--rule:#c8c8c8;--accent:#0b4f8a;--warn:#8a3b00}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);margin:0;background:#fff}
main{max-width:1040px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.3em;margin:1.6em 0 .4em;padding-top:.4em;border-top:2px solid var(--accent);color:var(--accent)}
h3{font-size:1.05em;margin:1.1em 0 .3em}
.banner{border:2px solid var(--warn);color:var(--warn);background:#fff6ee;padding:8px 12px;font-weight:600;margin:12px 0}
.meta{color:var(--muted)}
nav ol{columns:2;font-size:.92em}
table{border-collapse:collapse;margin:.5em 0;font-size:.88em}
th,td{border:1px solid var(--rule);padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f0f3f7}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.winner td{font-weight:600}
.empty{color:var(--muted);font-style:italic}
figure.chart{margin:1em 0;page-break-inside:avoid;break-inside:avoid}
.chart-body{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.chart-svg{max-width:100%;height:auto;border:1px solid #eee}
.chart-desc,.note{color:var(--muted);font-size:.88em;margin:.3em 0}
svg text{font:11px system-ui,Arial,sans-serif;fill:#222}
svg .tick-label{font-size:10px;fill:#444}svg .axis-label{font-size:11px;fill:#333}
svg .axis,svg .tick{stroke:#444;stroke-width:1}
svg .grid{stroke:#ddd;stroke-width:1}
svg .now{stroke:#000;stroke-width:1.5;stroke-dasharray:4 3}
svg .band{fill:#9ec5e8;opacity:.35}
svg .frontier{fill:none;stroke:#000;stroke-width:1.5;stroke-dasharray:5 3}
svg .curve{fill:none;stroke:#0072B2;stroke-width:2}
.fans{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:0 18px}
.fans figure.chart{margin:.6em 0}
details.chart-data summary{cursor:pointer;color:var(--muted);font-size:.88em}
svg .grade-0{fill:#000;opacity:.03}svg .grade-1{fill:#000;opacity:.08}
svg .grade-label{font-size:10px;fill:#666}
svg .fan-outer{fill:#9ec5e8;opacity:.45}svg .fan-inner{fill:#0072B2;opacity:.35}
svg .fan-median{fill:none;stroke:#004C77;stroke-width:2}
svg .fan-expected{fill:none;stroke:#D55E00;stroke-width:2;stroke-dasharray:6 3}
svg .target{stroke:#000;stroke-width:1.2;stroke-dasharray:4 3}
code{font-size:.9em;background:#f4f4f4;padding:1px 3px;word-break:break-all}
.live-controls{display:grid;grid-template-columns:minmax(180px,260px) 1fr 90px;gap:6px 10px;align-items:center;max-width:760px}
.live-status{font-weight:600;margin:.6em 0}
.live-legend{font-size:.85em}.live-legend>span{margin-right:12px;white-space:nowrap}
.swatch{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}.live-status[data-changed="true"]{color:var(--warn)}
@media print{
 @page{size:A4;margin:16mm 14mm}
 body{font-size:10.5pt}main{max-width:none;padding:0}
 nav,.live{display:none}
 h2{page-break-after:avoid;break-after:avoid}
 section{page-break-before:auto}
 .chart-svg{border:none}
 table{page-break-inside:auto}tr{page-break-inside:avoid}
 a{color:inherit;text-decoration:none}
 details.chart-data{display:none}
}
)";

class writer {
public:
    writer(const appraisal& m, const decision_report& rep, const html_options& opt) : m_(m), rep_(rep), r_(rep.result), opt_(opt) {}

    std::string document() {
        const auto& ctx = m_.context;
        const std::string title = ctx.title.empty() ? std::string("Options appraisal") : ctx.title;
        o_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           << "<meta name=\"generator\" content=\"adva\">\n"
           << "<title>" << esc(title) << "</title>\n<style>" << css << "</style>\n</head>\n<body>\n<main id=\"adva-report\">\n"
           << "<header>\n<h1>" << esc(title) << "</h1>\n";
        if (!ctx.organisation.empty() || !ctx.service.empty())
            o_ << "<p class=\"meta\">" << esc(ctx.organisation) << (ctx.organisation.empty() || ctx.service.empty() ? "" : " · ")
               << esc(ctx.service) << "</p>\n";
        if (!opt_.generated_at.empty()) o_ << "<p class=\"meta\">Generated " << esc(opt_.generated_at) << " by adva.</p>\n";
        if (m_.illustrative)
            o_ << "<p class=\"banner\" id=\"illustrative-banner\" role=\"note\">Illustrative model: the council, scores and costs "
                  "are illustrative, not evidence.</p>\n";
        o_ << "</header>\n<nav aria-label=\"Contents\"><ol>\n";
        for (const auto& s : report_sections) o_ << "<li><a href=\"#sec-" << s.id << "\">" << s.title << "</a></li>\n";
        if (opt_.interactive) o_ << "<li><a href=\"#sec-live\">Live weights</a></li>\n";
        o_ << "</ol></nav>\n";

        summary();
        context();
        functions();
        screening();
        criteria();
        weights();
        scores();
        ranking();
        dominance();
        value_for_money();
        economic_case_section();
        improvement();
        sensitivity();
        smaa();
        stakeholders();
        methods();
        record();
        elicitation();
        if (opt_.interactive) live();
        o_ << "</main>\n</body>\n</html>\n";
        return o_.str();
    }

private:
    const appraisal& m_;
    const decision_report& rep_;
    const appraisal_result& r_;
    const html_options& opt_;
    std::ostringstream o_;

    void open(const char* id) {
        for (const auto& s : report_sections)
            if (std::string(s.id) == id) o_ << "<section id=\"sec-" << id << "\">\n<h2>" << s.title << "</h2>\n";
    }
    void close() { o_ << "</section>\n"; }
    void empty(const std::string& text) { o_ << "<p class=\"empty\">" << esc(text) << "</p>\n"; }

    std::vector<std::string> chart_options(std::size_t limit) const {
        std::vector<std::string> ids;
        for (const auto& x : r_.ranking) {
            if (ids.size() == limit) break;
            ids.push_back(x.option);
        }
        return ids;
    }

    // --- sections ---------------------------------------------------------------------------------

    void summary() {
        open("summary");
        o_ << "<ul class=\"summary\">\n";
        for (const auto& s : summary_sentences(m_, rep_)) o_ << "<li>" << esc(s) << "</li>\n";
        o_ << "</ul>\n";
        const auto warnings = listed_warnings(r_);
        if (!warnings.empty()) {
            o_ << "<h3>Warnings</h3>\n<ul class=\"warnings\">\n";
            for (const auto& w : warnings) o_ << "<li>" << esc(w) << "</li>\n";
            o_ << "</ul>\n";
        }
        close();
    }

    void context() {
        const auto& ctx = m_.context;
        open("context");
        if (ctx.trigger.empty()) empty("No trigger is recorded in the model.");
        else o_ << "<p><strong>Trigger:</strong> " << esc(ctx.trigger) << "</p>\n";
        o_ << "<table class=\"facts\">\n"
           << "<tr><th>Organisation</th><td>" << esc(ctx.organisation.empty() ? "–" : ctx.organisation) << "</td></tr>\n"
           << "<tr><th>Service</th><td>" << esc(ctx.service.empty() ? "–" : ctx.service) << "</td></tr>\n"
           << "<tr><th>Horizon</th><td>" << ctx.horizon_years << " years"
           << (ctx.base_year ? " from " + std::to_string(ctx.base_year) : std::string()) << "</td></tr>\n"
           << "<tr><th>Discounting</th><td>" << esc(discount_text(ctx)) << "</td></tr>\n"
           << "<tr><th>Prices</th><td>" << esc(ctx.currency) << ", real</td></tr>\n"
           << "<tr><th>Weights used</th><td>" << esc(weight_set_text(m_, r_)) << "</td></tr>\n"
           << "<tr><th>Stakeholder groups</th><td>";
        if (m_.groups.empty()) o_ << "none declared";
        else o_ << "<ul class=\"groups\">";
        for (const auto& g : m_.groups)
            o_ << "<li data-group=\"" << esc(g.id) << "\">" << esc(g.name.empty() ? g.id : g.name) << ": influence "
               << esc(influence_text(g)) << "</li>";
        if (!m_.groups.empty()) o_ << "</ul>";
        o_ << "</td></tr>\n</table>\n";
        close();
    }

    void functions() {
        open("function");
        o_ << "<p>The problems the new arrangement must solve, and the questions that set the criteria, weights and must-haves "
              "before any option was scored.</p>\n";
        if (m_.functions.empty()) empty("The model has no question set.");
        for (const auto& f : m_.functions) {
            o_ << "<h3>" << esc(f.id) << " " << esc(f.name) << "</h3>\n";
            if (!f.description.empty()) o_ << "<p>" << esc(f.description) << "</p>\n";
            if (f.questions.empty()) {
                empty("No question under this function.");
                continue;
            }
            o_ << "<table class=\"questions\">\n<tr><th>Question</th><th>Kind</th><th>Informs</th><th>Answers (group, who, why)</th></tr>\n";
            for (const auto& q : f.questions) {
                std::vector<std::string> informs = q.criteria;
                informs.insert(informs.end(), q.gates.begin(), q.gates.end());
                o_ << "<tr id=\"q-" << id_part(q.id) << "\"><td><strong>" << esc(q.id) << "</strong> " << esc(q.text) << "</td><td>"
                   << question_kind_text(q.kind) << "</td><td>" << esc(join(informs, ", ")) << "</td><td>";
                if (q.answers.empty()) o_ << "<span class=\"empty\">unanswered</span>";
                for (const auto& a : q.answers) {
                    o_ << "<p><strong>" << esc(group_name(m_, a.group)) << "</strong>" << (a.by.empty() ? "" : " (" + esc(a.by) + ")") << ": "
                       << esc(a.text.empty() ? std::string("(no text)") : a.text);
                    if (!a.swing.empty()) {
                        std::vector<std::string> sw;
                        for (const auto& [c, v] : a.swing) sw.push_back(c + " " + detail::short_number(v));
                        o_ << " <span class=\"meta\">[swings: " << esc(join(sw, ", ")) << "]</span>";
                    }
                    if (const std::string how = elicitation_text(a); !how.empty()) o_ << " <span class=\"meta\">" << esc(how) << "</span>";
                    if (!a.rationale.empty()) o_ << "<br><em>Why:</em> " << esc(a.rationale);
                    o_ << "</p>";
                }
                o_ << "</td></tr>\n";
            }
            o_ << "</table>\n";
        }
        close();
    }

    void screening() {
        open("screening");
        o_ << "<p>Every option on the long list with each must-have gate's result. Business as usual and the do-minimum stay on the "
              "short list as benchmarks whatever the gates say.</p>\n";
        if (r_.screening.empty()) {
            empty("The model has no options.");
            close();
            return;
        }
        o_ << "<table class=\"screening\" id=\"screening-table\">\n<tr><th>Option</th><th>Vehicle</th><th>Role</th><th>Result</th>";
        for (const auto& g : m_.gates) o_ << "<th title=\"" << esc(gate_rule_text(m_, g)) << "\">" << esc(g.id) << "</th>";
        o_ << "<th>Reasons</th></tr>\n";
        for (const auto& s : r_.screening) {
            const option* opt = find_option(m_, s.option);
            const std::string kind = benchmark_kind(opt);
            o_ << "<tr data-option=\"" << esc(s.option) << "\" data-shortlisted=\"" << (s.shortlisted ? "true" : "false") << "\"><td>"
               << esc(named(m_, s.option)) << "</td><td>" << esc(opt ? opt->vehicle : std::string()) << "</td><td>"
               << esc(kind.empty() ? std::string("option") : kind) << "</td><td>" << esc(screening_word(s)) << "</td>";
            for (const auto& g : m_.gates) {
                const auto it = std::find_if(s.gates.begin(), s.gates.end(), [&](const gate_outcome& x) { return x.gate == g.id; });
                if (it == s.gates.end()) o_ << "<td>–</td>";
                else o_ << "<td data-gate=\"" << esc(g.id) << "\" data-status=\"" << to_string(it->status) << "\" title=\""
                        << esc(it->reason) << "\">" << to_string(it->status) << "</td>";
            }
            std::vector<std::string> reasons = screening_reasons(m_, s);
            o_ << "<td>" << esc(reasons.empty() ? std::string("passes every gate") : join(reasons, "; ")) << "</td></tr>\n";
        }
        o_ << "</table>\n";
        if (!m_.gates.empty()) {
            o_ << "<h3>Gates</h3>\n<table class=\"gates\">\n<tr><th>Gate</th><th>Rule</th><th>Why it is a must-have</th></tr>\n";
            for (const auto& g : m_.gates)
                o_ << "<tr><td>" << esc(g.id) << " " << esc(g.name) << "</td><td>" << esc(gate_rule_text(m_, g)) << "</td><td>"
                   << esc(g.description) << "</td></tr>\n";
            o_ << "</table>\n";
        } else {
            empty("The model has no gates: every option is short-listed.");
        }
        close();
    }

    void criteria() {
        open("criteria");
        if (m_.criteria.empty()) {
            empty("The model has no criteria.");
            close();
            return;
        }
        o_ << "<table class=\"criteria\">\n<tr><th>Criterion</th><th>Scale and value function</th><th>0 means</th><th>100 means</th>"
              "<th class=\"num\">Local weight</th><th class=\"num\">Global weight</th></tr>\n";
        const auto tree = detail::index_tree(m_);
        for (std::size_t c : tree.top_down) {
            const criterion& crit = m_.criteria[c];
            int depth = 0;
            for (int p = tree.parent[c]; p >= 0; p = tree.parent[std::size_t(p)]) ++depth;
            const bool leaf = m_.children_of(crit.id).empty();
            o_ << "<tr data-criterion=\"" << esc(crit.id) << "\"><td style=\"padding-left:" << 6 + 18 * depth << "px\">"
               << (leaf ? "" : "<strong>") << esc(crit.id) << " " << esc(crit.name) << (leaf ? "" : "</strong>") << "</td><td>"
               << (leaf ? esc(value_function_text(crit)) : std::string("(aggregates its children)")) << "</td><td>" << esc(crit.anchor_low)
               << "</td><td>" << esc(crit.anchor_high) << "</td>" << num_cell(crit.id + "|local", r_.weights.local[c], 3)
               << num_cell(crit.id + "|global", r_.weights.global[c], 3) << "</tr>\n";
        }
        o_ << "</table>\n";
        close();
    }

    void weights() {
        open("weights");
        o_ << "<p>Local weights are normalised within each parent; the report uses " << esc(weight_set_text(m_, r_)) << ".</p>\n";
        std::vector<const appraisal_result*> sets;
        for (const auto& g : rep_.by_group) sets.push_back(&g);
        sets.push_back(&r_);
        const auto top = m_.children_of("");
        const auto set_name = [&](const appraisal_result* s) {
            return s == &r_ ? (r_.weights_name == "consensus" ? std::string("Consensus") : group_name(m_, r_.weights_name) + " (report)")
                            : group_name(m_, s->weights_name);
        };
        if (rep_.by_group.empty())
            empty("No stakeholder group answered the weight questions: the criteria's direct weights are used.");
        // Chart: top-level local weights, one bar per weight set within each node.
        chart c;
        c.id = "weights-chart";
        c.title = "Top-level weights by stakeholder group";
        c.description = "For each top-level criterion, the local weight (0 to 1) each stakeholder group's answers give it and the "
                        "weight the report uses.";
        const double left = 190, right = 30, bar = 11, gap = 10;
        const double plot_w = c.width - left - right;
        std::vector<std::string> labels;
        for (auto* s : sets) labels.push_back(set_name(s));
        double y = 12;
        for (std::size_t k = 0; k < top.size(); ++k) {
            const std::size_t node = top[k];
            c.marks += text_el(left - 6, y + bar * double(sets.size()) / 2 + 4, clip(criterion_name(m_, m_.criteria[node].id), 30), "", "end");
            for (std::size_t s = 0; s < sets.size(); ++s) {
                const double w = sets[s]->weights.local[node];
                c.marks += rect("weights-chart-" + std::to_string(k) + "-" + std::to_string(s), left, y, plot_w * w, bar,
                                palette[s % palette_size], data(labels[s] + "|" + m_.criteria[node].id, w));
                y += bar;
            }
            y += gap;
        }
        c.marks += x_axis(left, left + plot_w, y, 0, 1, 4, 2, "local weight");
        c.marks += legend(labels, left, y + 46, plot_w);
        c.height = y + 46 + legend_height(labels, plot_w);
        c.table = "<thead><tr><th>Criterion</th>";
        for (const auto& l : labels) c.table += "<th class=\"num\">" + esc(l) + "</th>";
        c.table += "</tr></thead><tbody>\n";
        for (std::size_t node : top) {
            c.table += "<tr><td>" + esc(criterion_name(m_, m_.criteria[node].id)) + "</td>";
            for (std::size_t s = 0; s < sets.size(); ++s)
                c.table += num_cell(labels[s] + "|" + m_.criteria[node].id, sets[s]->weights.local[node], 3);
            c.table += "</tr>\n";
        }
        c.table += "</tbody>\n";
        if (top.empty()) empty("The value tree is empty.");
        else o_ << render(c);

        // Every node, every set.
        o_ << "<h3>Every node</h3>\n<table class=\"weights-all\">\n<tr><th>Criterion</th>";
        for (const auto& l : labels) o_ << "<th class=\"num\">" << esc(l) << " (local)</th>";
        o_ << "</tr>\n";
        for (std::size_t c2 = 0; c2 < m_.criteria.size(); ++c2) {
            o_ << "<tr><td>" << esc(m_.criteria[c2].id) << " " << esc(m_.criteria[c2].name) << "</td>";
            for (auto* s : sets) o_ << "<td class=\"num\">" << fixed(s->weights.local[c2], 3) << "</td>";
            o_ << "</tr>\n";
        }
        o_ << "</table>\n";
        for (const auto& note : r_.governance.imputations) o_ << "<p class=\"note\">Weights imputed: " << esc(note) << "</p>\n";
        close();
    }

    void scores() {
        open("scores");
        o_ << "<p>Each short-listed option's score on every leaf criterion, on the criterion's own scale, with the value (0–100) it "
              "gives and the rationale recorded.</p>\n";
        if (r_.ranking.empty()) {
            empty("No option is on the short list.");
            close();
            return;
        }
        for (std::size_t k = 0; k < r_.ranking.size() && k < max_report_score_tables; ++k) {
            const ranked_option& ro = r_.ranking[k];
            const std::size_t row = row_of(r_, ro.option);
            const option& opt = m_.options[row];
            o_ << "<h3>" << esc(named(m_, ro.option)) << "</h3>\n";
            if (!opt.evidence.empty()) o_ << "<p><strong>Evidence:</strong> " << esc(opt.evidence) << "</p>\n";
            o_ << "<table class=\"scores\" data-option=\"" << esc(ro.option) << "\">\n<tr><th>Criterion</th><th>Score</th>"
                  "<th class=\"num\">Value</th><th>Rationale</th></tr>\n";
            for (std::size_t leaf : r_.leaf_indices) {
                const std::string& id = r_.criterion_ids[leaf];
                const auto it = opt.scores.find(id);
                o_ << "<tr><td>" << esc(id) << " " << esc(criterion_name(m_, id)) << "</td><td>"
                   << esc(it == opt.scores.end() ? std::string("–") : score_text(it->second)) << "</td>"
                   << num_cell(ro.option + "|" + id, r_.values(Eigen::Index(row), Eigen::Index(leaf)), 1) << "<td>"
                   << (it == opt.scores.end() || it->second.rationale.empty() ? std::string("<span class=\"empty\">none recorded</span>")
                                                                             : esc(it->second.rationale))
                   << "</td></tr>\n";
            }
            o_ << "</table>\n";
        }
        if (r_.ranking.size() > max_report_score_tables)
            o_ << "<p class=\"note\">The scores of the " << r_.ranking.size() - max_report_score_tables
               << " lower-ranked options are left out here; they are in the model and the JSON result.</p>\n";
        close();
    }

    void ranking() {
        open("ranking");
        if (r_.ranking.empty()) {
            empty("No option is on the short list: nothing to rank.");
            close();
            return;
        }
        const auto shown = chart_options(max_chart_options);
        const auto& leaves = r_.leaf_indices;
        chart c;
        c.id = "contrib";
        c.title = "Total value and the contribution of each criterion";
        c.description = "Each bar is an option's total value (0 to 100) with " + weight_set_text(m_, r_) +
                        ", split into the contribution of each leaf criterion (global weight times value), in the legend's order.";
        const double left = 200, right = 50, bar = 18, gap = 8;
        const double plot_w = c.width - left - right;
        double y = 10;
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const std::size_t row = row_of(r_, shown[i]);
            c.marks += text_el(left - 6, y + 13, clip(named(m_, shown[i]), 28), "", "end");
            double x = left;
            for (std::size_t l = 0; l < leaves.size(); ++l) {
                const double v = r_.contributions(Eigen::Index(row), Eigen::Index(l));
                const double w = plot_w * v / 100.0;
                c.marks += rect("contrib-" + std::to_string(i) + "-" + std::to_string(l), x, y, w, bar, palette[l % palette_size],
                                data(shown[i] + "|" + r_.criterion_ids[leaves[l]], v));
                x += w;
            }
            const double total = r_.totals[Eigen::Index(row)];
            c.marks += "<text x=\"" + coord(x + 4) + "\" y=\"" + coord(y + 13) + "\" class=\"mark\"" + data(shown[i] + "|total", total) + ">" +
                       fixed(total, 1) + "</text>\n";
            y += bar + gap;
        }
        c.marks += x_axis(left, left + plot_w, y, 0, 100, 4, 0, "total value (0–100)");
        std::vector<std::string> labels;
        for (std::size_t l : leaves) labels.push_back(criterion_name(m_, r_.criterion_ids[l]));
        c.marks += legend(labels, 10, y + 48, c.width - 20);
        c.height = y + 48 + legend_height(labels, c.width - 20);
        c.table = "<thead><tr><th>Rank</th><th>Option</th><th class=\"num\">Total</th>";
        for (std::size_t l : leaves) c.table += "<th class=\"num\" title=\"" + esc(criterion_name(m_, r_.criterion_ids[l])) + "\">" + esc(r_.criterion_ids[l]) + "</th>";
        c.table += "</tr></thead><tbody>\n";
        for (const auto& ro : r_.ranking) {
            const std::size_t row = row_of(r_, ro.option);
            c.table += std::string("<tr") + (ro.rank == 1 ? " class=\"winner\"" : "") + " data-option=\"" + esc(ro.option) + "\" data-rank=\"" +
                       std::to_string(ro.rank) + "\"><td>" + rank_text(ro) + "</td><td>" + esc(named(m_, ro.option)) + "</td>" +
                       num_cell(ro.option + "|total", ro.total, 1);
            for (std::size_t l = 0; l < leaves.size(); ++l)
                c.table += num_cell(ro.option + "|" + r_.criterion_ids[leaves[l]], r_.contributions(Eigen::Index(row), Eigen::Index(l)), 1);
            c.table += "</tr>\n";
        }
        c.table += "</tbody>\n";
        c.note = shown_note(shown.size(), r_.ranking.size());
        o_ << render(c);
        close();
    }

    void dominance() {
        open("dominance");
        if (r_.dominance.empty()) {
            empty(r_.ranking.size() > max_dominance_options ? "Left out: the short list is longer than " +
                                                                  std::to_string(max_dominance_options) + " options."
                                                            : "Nothing to compare: the short list is empty.");
            close();
            return;
        }
        o_ << "<p>An option is dominated when another is at least as good on every leaf criterion and better on one. An option "
              "can win when some weights rank it first alone; one that can at best tie is level with the leader under some "
              "weights but ahead under none; one that cannot rank first is beaten by some mix of the others under every "
              "weighting.</p>\n<table class=\"dominance\">\n"
              "<tr><th>Option</th><th>Dominated by</th><th>Under some weights</th></tr>\n";
        for (const auto& d : r_.dominance)
            o_ << "<tr data-option=\"" << esc(d.option) << "\"><td>" << esc(named(m_, d.option)) << "</td><td>"
               << esc(d.dominated_by.empty() ? std::string("–") : join(d.dominated_by, ", ")) << "</td><td>"
               << (d.best_possible == first_place::outright   ? "can win"
                   : d.best_possible == first_place::tie_only ? "can at best tie for first"
                                                              : "cannot rank first")
               << "</td></tr>\n";
        o_ << "</table>\n";
        close();
    }

    void value_for_money() {
        const auto& ctx = m_.context;
        open("value-for-money");
        if (r_.value_for_money.empty()) {
            empty("No short-listed option has costs.");
            close();
            return;
        }
        const std::string per = currency_prefix(ctx.currency) + "m";
        o_ << "<p>Value for money: " << esc(vfm_benefit_text(m_)) << " (0–100), so cost counts once; cost is the net present cost "
           << esc(cost_basis_text(m_)) << " over " << ctx.horizon_years << " years at " << esc(discount_text(ctx)) << ".";
        if (!r_.value_for_money_comparator.empty())
            o_ << " Value added and extra cost are over the comparator, " << esc(named(m_, r_.value_for_money_comparator))
               << "; differences mean the same wherever the 0–100 scales start, where a plain benefit-per-cost ratio does not.";
        o_ << " The efficiency frontier joins the options that no other option beats with more benefit for no more cost.</p>\n";
        const auto by_cost = vfm_by_cost(r_);
        double cmin = by_cost.front()->npv_cost, cmax = by_cost.back()->npv_cost;
        if (!(cmax > cmin)) cmin -= 1e6, cmax += 1e6;
        const double pad = (cmax - cmin) * 0.08;
        cmin = std::max(0.0, cmin - pad), cmax += pad;
        chart c;
        c.id = "vfm";
        c.title = "Benefit against cost, with the efficiency frontier";
        c.description = "Each point is a short-listed option: its benefit (0 to 100, up) against the NPV of its costs (" + per +
                        ", across). The dashed line is the efficiency frontier.";
        const double left = 70, right = 30, top = 16, bottom = 56;
        c.height = 320;
        const double pw = c.width - left - right, ph = c.height - top - bottom;
        const auto px = [&](double cost) { return left + pw * (cost - cmin) / (cmax - cmin); };
        const auto py = [&](double b) { return top + ph * (1.0 - b / 100.0); };
        c.marks += y_axis(left, top + ph, top, 0, 100, 4, 0, "benefit");
        c.marks += x_axis(left, left + pw, top + ph, cmin / 1e6, cmax / 1e6, 4, 1, "NPV of costs (" + per + ")");
        std::string frontier;
        for (const auto* v : by_cost)
            if (v->on_frontier) frontier += (frontier.empty() ? "" : " ") + coord(px(v->npv_cost)) + "," + coord(py(v->benefit));
        if (!frontier.empty()) c.marks += "<polyline class=\"frontier\" points=\"" + frontier + "\"/>\n";
        for (std::size_t i = 0; i < by_cost.size(); ++i) {
            const auto* v = by_cost[i];
            c.marks += "<circle id=\"vfm-" + std::to_string(i) + "\" class=\"mark\" cx=\"" + coord(px(v->npv_cost)) + "\" cy=\"" +
                       coord(py(v->benefit)) + "\" r=\"5\" fill=\"" + (v->on_frontier ? "#0072B2" : "#fff") +
                       "\" stroke=\"#0072B2\" stroke-width=\"2\"" + data(v->option + "|benefit", v->benefit) +
                       data_x(v->option + "|npv_cost", v->npv_cost) + "/>\n";
            c.marks += text_el(px(v->npv_cost) + 7, py(v->benefit) - 6, v->option);
        }
        c.table = "<thead><tr><th>Option</th><th class=\"num\">NPV cost (" + esc(per) + ")</th><th class=\"num\">Benefit</th><th class=\"num\">"
                  "Value added</th><th class=\"num\">Extra cost (" + esc(per) + ")</th><th class=\"num\">Value added per extra " + esc(per) +
                  "</th><th>Frontier</th><th class=\"num\">Incremental per " + esc(per) + "</th></tr></thead><tbody>\n";
        bool first_on_frontier = true;
        for (const auto* v : by_cost) {
            std::string incremental = "<td class=\"num\">–</td>";
            if (v->on_frontier) {
                incremental = first_on_frontier ? "<td class=\"num\">base</td>" : num_cell(v->option + "|incremental", v->incremental_benefit_per_cost, 2);
                first_on_frontier = false;
            }
            c.table += "<tr data-option=\"" + esc(v->option) + "\"><td>" + esc(named(m_, v->option)) + "</td>" +
                       "<td class=\"num\"" + data(v->option + "|npv_cost", v->npv_cost) + ">" + fixed(v->npv_cost / 1e6, 1) + "</td>" +
                       num_cell(v->option + "|benefit", v->benefit, 1) + "<td class=\"num\">" + esc(signed_text(v->value_added, 1)) +
                       "</td><td class=\"num\">" +
                       esc(std::isnan(v->extra_cost) ? std::string("–") : signed_text(v->extra_cost / 1e6, 1)) +
                       "</td><td class=\"num\">" + esc(vfm_position_text(*v)) + "</td>" +
                       "<td>" + (v->on_frontier ? "yes" : "no") + "</td>" + incremental + "</tr>\n";
        }
        c.table += "</tbody>\n";
        o_ << render(c);
        close();
    }

    // The economic case: NPC before and after optimism bias, affordability and switching values per
    // option, each option's cost by year against the budget envelope, and the cost-effectiveness plane.
    void economic_case_section() {
        open("economic-case");
        const bool any_costs = std::any_of(m_.options.begin(), m_.options.end(), [](const option& o) { return !o.costs.empty(); });
        if (!any_costs) {
            empty("No option has cost lines.");
            close();
            return;
        }
        const auto& ctx = m_.context;
        const std::string per = currency_prefix(ctx.currency) + "m";
        const economic_case ec = compute_economic_case(m_);
        o_ << "<p>Cash flows in real prices" << (ctx.base_year ? " of " + std::to_string(ctx.base_year) : std::string()) << ", over "
           << ctx.horizon_years << " years discounted at " << esc(discount_text(ctx)) << ". Each cost line's optimism-bias uplift is "
           << "the Green Book category's upper bound less its recorded mitigation; value for money and affordability use costs "
           << esc(cost_basis_text(m_)) << ".";
        if (ec.has_budget)
            o_ << " The budget envelope is " << esc(m_.economics.budget.name.empty() ? std::string("unnamed") : m_.economics.budget.name)
               << ".";
        o_ << "</p>\n";

        // Per option: NPC, uplift, affordability, and the switching value of its frontier position.
        std::vector<option_switching_values> switching;
        // Switching values compare every pair: like the report's other quadratic analyses, only up to its bound.
        const bool with_switching = r_.value_for_money.size() <= max_report_robustness_options;
        if (with_switching) switching = switching_values(r_.value_for_money);
        const auto switch_of = [&](const std::string& id) -> const option_switching_values* {
            for (const auto& v : switching)
                if (v.option == id) return &v;
            return nullptr;
        };
        o_ << "<table class=\"data\" id=\"economic-case-table\">\n<thead><tr><th>Option</th><th class=\"num\">NPC before optimism bias ("
           << esc(per) << ")</th><th class=\"num\">Optimism bias (" << esc(per) << ")</th><th class=\"num\">NPC after (" << esc(per)
           << ")</th>" << (ec.has_budget ? "<th class=\"num\">Years over budget</th><th class=\"num\">Largest shortfall (" + esc(per) + ")</th>" : "")
           << "<th>Frontier switches at</th></tr></thead><tbody>\n";
        for (std::size_t i = 0; i < ec.options.size(); ++i) {
            const auto& e = ec.options[i];
            if (!e.has_costs()) continue;
            o_ << "<tr data-option=\"" << esc(e.option) << "\"><td>" << esc(named(m_, e.option)) << "</td>"
               << num_cell(e.option + "|npc_before", e.npc_before / 1e6, 2) << num_cell(e.option + "|optimism_bias", (e.npc_after - e.npc_before) / 1e6, 2)
               << num_cell(e.option + "|npc_after", e.npc_after / 1e6, 2);
            if (ec.has_budget)
                o_ << "<td class=\"num\">" << e.shortfall_years << "</td>" << num_cell(e.option + "|largest_shortfall", e.largest_shortfall / 1e6, 2);
            const auto* v = switch_of(e.option);
            std::string at = with_switching ? "not short-listed" : "left out: too many options";
            if (v)
                at = frontier_switch_text(*v, m_.context.currency) +
                     (std::isnan(v->frontier.percent) ? "" : " (" + fixed(std::fabs(v->frontier.percent), 1) + "%)");
            o_ << "<td>" << esc(at) << "</td></tr>\n";
        }
        o_ << "</tbody></table>\n<p class=\"note\">Frontier switching value: the change in the option's NPC, all else fixed, at which it "
              "leaves the efficiency frontier (or, off it, joins it); <code>adva economics --view switching-values</code> also gives the "
              "nearest change to the incremental ranking.</p>\n";
        // The cost lines whose range alone could change the incremental ranking.
        std::vector<std::string> reaching;
        for (const auto& t : cost_tornado(m_, ec, switching))
            for (const auto& b : t.bars)
                if (b.reaches_switch_up || b.reaches_switch_down)
                    reaching.push_back(t.option + " " + b.name + " (" + report_text::cost_range_text(b) + ")");
        std::string tornado_text;
        if (!with_switching)
            tornado_text = "Which cost lines could change the incremental ranking is left out: the short list is longer than " +
                           std::to_string(max_report_robustness_options) + " options.";
        else if (reaching.empty())
            tornado_text = "No single cost line, run over its range, moves its option's NPC far enough to change the "
                           "incremental ranking.";
        else
            tornado_text = "Cost lines whose range alone could change the incremental ranking: " + join(reaching, "; ") + ".";
        o_ << "<p id=\"economic-case-tornado\">" << esc(tornado_text)
           << " <code>adva economics --view tornado</code> shows every line's range.</p>\n";

        cash_flow_chart(ec);
        if (!r_.value_for_money_comparator.empty()) cost_effectiveness_plane();
        close();
    }

    // Each option's cost by year (on the cost basis) as a line, with the budget envelope dashed.
    void cash_flow_chart(const economic_case& ec) {
        const auto& ctx = m_.context;
        const std::string per = currency_prefix(ctx.currency) + "m";
        const bool bias = ec.basis == cost_basis::with_optimism_bias;
        std::vector<const option_economics*> with_costs;   // every one is in the table; the first ones are drawn
        for (const auto& e : ec.options)
            if (e.has_costs()) with_costs.push_back(&e);
        const std::vector<const option_economics*> shown(with_costs.begin(),
                                                         with_costs.begin() + std::ptrdiff_t(std::min(with_costs.size(), max_line_chart_options)));
        const std::size_t years = ec.discount_factors.size();
        if (years == 0) return;
        const auto cost_in = [&](const option_economics& e, std::size_t t) {
            return bias ? e.capital_after[t] + e.revenue_after[t] : e.capital_before[t] + e.revenue_before[t];
        };
        std::vector<double> envelope;
        const auto& b = m_.economics.budget;
        if (ec.has_budget)
            for (std::size_t t = 0; t < years; ++t) {
                const double cap = t < b.capital.size() ? b.capital[t] : std::nan("");
                const double rev = t < b.revenue.size() ? b.revenue[t] : std::nan("");
                envelope.push_back((std::isnan(cap) ? 0.0 : cap) + (std::isnan(rev) ? 0.0 : rev));
                if (std::isnan(cap) && std::isnan(rev)) envelope.back() = std::nan("");
            }
        double lo = 0.0, hi = 0.0;
        for (const auto* e : shown)
            for (std::size_t t = 0; t < years; ++t) lo = std::min(lo, cost_in(*e, t) / 1e6), hi = std::max(hi, cost_in(*e, t) / 1e6);
        for (double x : envelope)
            if (!std::isnan(x)) hi = std::max(hi, x / 1e6);
        if (!(hi > lo)) hi = lo + 1.0;
        const double pad = (hi - lo) * 0.06;
        hi += pad;
        if (lo < 0) lo -= pad;
        chart c;
        c.id = "cash-flow";
        c.title = "Cost by year" + std::string(bias ? ", after optimism bias" : ", before optimism bias") +
                  (ec.has_budget ? ", against the budget envelope" : "");
        c.description = "Each line is an option's capital and revenue cost in one year (" + per + ", up; real prices, undiscounted) "
                        "across the appraisal years" + std::string(ec.has_budget ? "; the shaded area is the budget envelope (capital and revenue), so a line above it is over budget in that year" : "") + ".";
        std::vector<std::string> labels;
        for (const auto* e : shown) labels.push_back(e->option + " " + option_name(m_, e->option));
        const double left = 70, right = 30, top = 16;
        const double legend_h = legend_height(labels, c.width - left - right);
        const double bottom = 50 + legend_h;
        c.height = 300 + legend_h;
        const double pw = c.width - left - right, ph = c.height - top - bottom;
        const auto px = [&](std::size_t t) { return left + (years == 1 ? pw / 2 : pw * double(t) / double(years - 1)); };
        const auto py = [&](double v) { return top + ph * (1.0 - (v - lo) / (hi - lo)); };
        c.marks += y_axis(left, top + ph, top, lo, hi, 4, 1, "cost (" + per + ")");
        c.marks += "<line class=\"axis\" x1=\"" + coord(left) + "\" y1=\"" + coord(top + ph) + "\" x2=\"" + coord(left + pw) + "\" y2=\"" +
                   coord(top + ph) + "\"/>\n";
        for (std::size_t t = 0; t < years; ++t)
            if (years <= 12 || t % ((years + 9) / 10) == 0)
                c.marks += text_el(px(t), top + ph + 15, ctx.base_year ? std::to_string(ctx.base_year + int(t)) : std::to_string(t), "tick-label", "middle");
        c.marks += text_el(left + pw / 2, top + ph + 30, ctx.base_year ? "year" : "appraisal year", "axis-label", "middle");
        if (lo < 0) c.marks += "<line class=\"grid\" x1=\"" + coord(left) + "\" y1=\"" + coord(py(0)) + "\" x2=\"" + coord(left + pw) + "\" y2=\"" + coord(py(0)) + "\"/>\n";
        // The envelope as a shaded area under the lines: a line above it is over budget that year.
        std::string area, first_x, last_x, budget_row;
        for (std::size_t t = 0; t < envelope.size(); ++t) {
            budget_row += num_cell("budget|" + std::to_string(t), envelope[t] / 1e6, 2);
            if (std::isnan(envelope[t])) continue;
            if (first_x.empty()) first_x = coord(px(t));
            last_x = coord(px(t));
            area += " " + coord(px(t)) + "," + coord(py(envelope[t] / 1e6));
        }
        const std::string base_y = coord(py(std::max(lo, 0.0)));
        if (!area.empty())
            c.marks += "<polygon id=\"cash-flow-budget\" class=\"band\" points=\"" + first_x + "," + base_y + area + " " + last_x + "," +
                       base_y + "\"/>\n";
        c.table = "<thead><tr><th>Option</th>";
        for (std::size_t t = 0; t < years; ++t) c.table += "<th class=\"num\">" + (ctx.base_year ? std::to_string(ctx.base_year + int(t)) : std::to_string(t)) + "</th>";
        c.table += "</tr></thead><tbody>\n";
        for (std::size_t k = 0; k < with_costs.size(); ++k) {
            const auto& e = *with_costs[k];
            std::string points, dots;
            c.table += "<tr data-option=\"" + esc(e.option) + "\"><td>" + esc(named(m_, e.option)) + "</td>";
            const bool drawn = k < shown.size();
            for (std::size_t t = 0; t < years; ++t) {
                const double v = cost_in(e, t) / 1e6;
                const std::string key = e.option + "|" + std::to_string(t);
                c.table += num_cell(key, v, 2);
                if (!drawn) continue;
                points += (t ? " " : "") + coord(px(t)) + "," + coord(py(v));
                dots += "<circle class=\"mark\" cx=\"" + coord(px(t)) + "\" cy=\"" + coord(py(v)) + "\" r=\"2.5\" fill=\"" +
                        palette[k % palette_size] + "\"" + data(key, v) + "/>\n";
            }
            c.table += "</tr>\n";
            if (!drawn) continue;
            c.marks += "<polyline id=\"cash-flow-" + std::to_string(k) + "\" fill=\"none\" stroke=\"" + palette[k % palette_size] +
                       "\" stroke-width=\"2.5\" stroke-dasharray=\"" + dashes[k % 6] + "\" points=\"" + points + "\"/>\n" + dots;
        }
        if (ec.has_budget) c.table += "<tr data-option=\"budget\"><td>Budget envelope</td>" + budget_row + "</tr>\n";
        c.table += "</tbody>\n";
        c.marks += legend(labels, left, c.height - legend_h + 4, pw, true);
        if (ec.has_budget) c.marks += text_el(left + pw, top + 10, "shaded: within the budget envelope", "legend", "end");
        if (shown.size() < with_costs.size())
            c.note = "The chart shows the first " + std::to_string(shown.size()) + " of " + std::to_string(with_costs.size()) +
                     " options with costs; the table gives every one.";
        o_ << render(c);
    }

    // Value added against extra cost over the comparator: the cost-effectiveness plane.
    void cost_effectiveness_plane() {
        const std::string per = currency_prefix(m_.context.currency) + "m";
        double xlo = 0, xhi = 0, ylo = 0, yhi = 0;
        for (const auto& v : r_.value_for_money) {
            if (std::isnan(v.extra_cost) || std::isnan(v.value_added)) continue;
            xlo = std::min(xlo, v.extra_cost / 1e6), xhi = std::max(xhi, v.extra_cost / 1e6);
            ylo = std::min(ylo, v.value_added), yhi = std::max(yhi, v.value_added);
        }
        const auto widen = [](double& lo, double& hi, double unit) {
            if (!(hi > lo)) lo -= unit, hi += unit;
            const double pad = (hi - lo) * 0.1;
            lo -= lo < 0 ? pad : 0.0;
            hi += pad;
            if (lo == 0.0) lo = -pad;
        };
        widen(xlo, xhi, 1.0);
        widen(ylo, yhi, 5.0);
        chart c;
        c.id = "ce-plane";
        c.title = "The cost-effectiveness plane, over " + named(m_, r_.value_for_money_comparator);
        c.description = "Each point is a short-listed option: its value added over the comparator (benefit points, up) against its "
                        "extra net present cost (" + per + ", across). Up and to the left is better for less; down and to the right is "
                        "worse for more; the two other quarters trade value against cost.";
        const double left = 70, right = 30, top = 16, bottom = 50;
        c.height = 320;
        const double pw = c.width - left - right, ph = c.height - top - bottom;
        const auto px = [&](double x) { return left + pw * (x - xlo) / (xhi - xlo); };
        const auto py = [&](double y) { return top + ph * (1.0 - (y - ylo) / (yhi - ylo)); };
        c.marks += y_axis(left, top + ph, top, ylo, yhi, 4, 1, "value added");
        c.marks += x_axis(left, left + pw, top + ph, xlo, xhi, 4, 1, "extra NPC (" + per + ")");
        c.marks += "<line class=\"axis\" x1=\"" + coord(px(0)) + "\" y1=\"" + coord(top) + "\" x2=\"" + coord(px(0)) + "\" y2=\"" + coord(top + ph) + "\"/>\n";
        c.marks += "<line class=\"axis\" x1=\"" + coord(left) + "\" y1=\"" + coord(py(0)) + "\" x2=\"" + coord(left + pw) + "\" y2=\"" + coord(py(0)) + "\"/>\n";
        c.marks += text_el(left + 6, top + 12, "more value, less cost", "tick-label");
        c.marks += text_el(left + pw - 6, top + 12, "more value, more cost", "tick-label", "end");
        c.marks += text_el(left + 6, top + ph - 6, "less value, less cost", "tick-label");
        c.marks += text_el(left + pw - 6, top + ph - 6, "less value, more cost", "tick-label", "end");
        c.table = "<thead><tr><th>Option</th><th class=\"num\">Extra cost (" + esc(per) + ")</th><th class=\"num\">Value added</th>"
                  "<th>Position</th></tr></thead><tbody>\n";
        for (std::size_t i = 0; i < r_.value_for_money.size(); ++i) {
            const auto& v = r_.value_for_money[i];
            if (std::isnan(v.extra_cost) || std::isnan(v.value_added)) continue;
            const bool base = v.position == cost_effectiveness::comparator;
            c.marks += "<circle id=\"ce-plane-" + std::to_string(i) + "\" class=\"mark\" cx=\"" + coord(px(v.extra_cost / 1e6)) + "\" cy=\"" +
                       coord(py(v.value_added)) + "\" r=\"5\" fill=\"" + (base ? "#000" : "#0072B2") + "\"" +
                       data(v.option + "|value_added", v.value_added) + data_x(v.option + "|extra_cost", v.extra_cost / 1e6) + "/>\n";
            c.marks += text_el(px(v.extra_cost / 1e6) + 7, py(v.value_added) - 6, v.option);
            c.table += "<tr data-option=\"" + esc(v.option) + "\"><td>" + esc(named(m_, v.option)) + "</td>" +
                       "<td class=\"num\"" + data(v.option + "|extra_cost", v.extra_cost / 1e6) + ">" + esc(signed_text(v.extra_cost / 1e6, 2)) +
                       "</td>" + "<td class=\"num\"" + data(v.option + "|value_added", v.value_added) + ">" + esc(signed_text(v.value_added, 1)) +
                       "</td><td>" + esc(position_words(v.position)) + "</td></tr>\n";
        }
        c.table += "</tbody>\n";
        o_ << render(c);
    }

    static std::string position_words(cost_effectiveness p) {
        switch (p) {
            case cost_effectiveness::comparator: return "the comparator";
            case cost_effectiveness::more_value_more_cost: return "more value for more cost";
            case cost_effectiveness::less_value_less_cost: return "less value for less cost";
            case cost_effectiveness::dominant: return "dominant: better for no more";
            case cost_effectiveness::dominated: return "dominated: worse for no less";
            case cost_effectiveness::equivalent: return "equal";
            case cost_effectiveness::no_comparator: break;
        }
        return "–";
    }

    // Improvement over time (docs/trajectories.md): the model's assumptions in words, each option's
    // measures, and a fan chart per option (small multiples on the same scales).
    void improvement() {
        open("improvement");
        if (!m_.improvement) {
            empty("The model has no improvement section: no trajectories to show (docs/trajectories.md).");
            close();
            return;
        }
        if (!rep_.trajectories) {
            empty("Left out: " + rep_.trajectories_left_out + ".");
            close();
            return;
        }
        const improvement_settings& s = *m_.improvement;
        const auto& all = *rep_.trajectories;
        o_ << "<p id=\"improvement-assumptions\">" << esc(improvement_assumptions_text(m_, rep_)) << "</p>\n";
        o_ << "<table class=\"data\" id=\"improvement-table\">\n<thead><tr><th>Option</th>";
        for (const auto& c : improvement_columns) o_ << "<th class=\"num\">" << esc(improvement_heading(c, s)) << "</th>";
        o_ << "<th>Computed</th></tr></thead><tbody>\n";
        for (const auto& m : all) {
            o_ << "<tr data-option=\"" << esc(m.option) << "\"><td>" << esc(named(m_, m.option)) << "</td>";
            for (const auto& c : improvement_columns) {
                const estimate& e = m.*c.measure;
                o_ << "<td class=\"num\"" << data(m.option + "|" + c.key, e.value)
                   << (e.standard_error > 0.0 ? " data-standard-error=\"" + exact(e.standard_error) + "\"" : std::string()) << ">"
                   << esc(estimate_text(e, c.probability)) << "</td>";
            }
            o_ << "<td>" << (m.exact ? "exact" : "Monte Carlo") << "</td></tr>\n";
        }
        o_ << "</tbody></table>\n<p class=\"note\">" << esc(improvement_meaning) << "</p>\n";

        o_ << "<h3>Fan charts</h3>\n<p>Each option's level over the years, on the same scales: the shaded bands hold the middle 90 % "
              "and 50 % of the sampled paths, the solid line is the median and the dashed line the expected level. The faint "
              "stripes are the grades; the dotted lines mark the target grade and the target year. An option whose transition "
              "is certain has one path: its bands close onto the line.</p>\n<div class=\"fans\">\n";
        const std::size_t shown = std::min(all.size(), max_report_fan_charts);
        for (std::size_t k = 0; k < shown; ++k) o_ << render(fan_chart(all[k]));
        o_ << "</div>\n";
        if (shown < all.size())
            o_ << "<p class=\"note\">The charts show the first " << shown << " of " << all.size()
               << " options, in model order; the table gives every one, and <code>adva trajectory</code> every path.</p>\n";
        close();
    }

    /// The position of band probability `p` among the report's bands (nullopt: not computed).
    static std::optional<std::size_t> band_index(const std::vector<double>& probabilities, double p) {
        for (std::size_t b = 0; b < probabilities.size(); ++b)
            if (std::abs(probabilities[b] - p) < 1e-12) return b;
        return std::nullopt;
    }

    chart fan_chart(const trajectory_measures& m) const {
        const improvement_settings& s = *m_.improvement;
        const quality_scale& scale = s.scale;
        const std::vector<double> probabilities = report_trajectory_options(rep_.options).band_probabilities;
        chart c;
        c.id = "fan-" + id_part(m.option);
        c.title = named(m_, m.option);
        c.description = "The " + scale.name + " of " + named(m_, m.option) + " (up, " + detail::short_number(scale.lower) + " to " +
                        detail::short_number(scale.upper) + ") over " + detail::short_number(s.horizon) + " years (across)" +
                        (m.exact ? ": one path, no uncertain parameter." : ", with the bands of the sampled paths.");
        c.width = 460;
        c.height = 262;
        c.fold_table = true;
        const double left = 50, right = 12, top = 12, bottom = 70;
        const double pw = c.width - left - right, ph = c.height - top - bottom;
        const auto px = [&](double t) { return left + pw * t / s.horizon; };
        const auto py = [&](double v) { return top + ph * (1.0 - (v - scale.lower) / (scale.upper - scale.lower)); };
        const auto is_whole = [](double x) { return std::abs(x - std::round(x)) < 1e-9; };

        // The grades as faint stripes, each named at its top right when there is room.
        for (std::size_t g = 0; g < scale.grades.size(); ++g) {
            const double from = scale.grades[g].from, to = g + 1 < scale.grades.size() ? scale.grades[g + 1].from : scale.upper;
            c.marks += "<rect id=\"" + c.id + "-grade-" + std::to_string(g) + "\" class=\"grade-" + std::to_string(g % 2) + "\" x=\"" +
                       coord(left) + "\" y=\"" + coord(py(to)) + "\" width=\"" + coord(pw) + "\" height=\"" + coord(py(from) - py(to)) + "\"/>\n";
            if (py(from) - py(to) >= 12)
                c.marks += text_el(left + pw - 4, py(to) + 11, clip(scale.grades[g].name.empty() ? scale.grades[g].id : scale.grades[g].name, 30),
                                   "grade-label", "end");
        }
        const double y_step = (scale.upper - scale.lower) / 4;
        c.marks += y_axis(left, top + ph, top, scale.lower, scale.upper, 4, is_whole(y_step) ? 0 : 1, "quality index");
        const int x_ticks = is_whole(s.horizon) && s.horizon <= 10 ? int(s.horizon) : 5;
        const double x_step = s.horizon / x_ticks;
        c.marks += x_axis(left, left + pw, top + ph, 0, s.horizon, x_ticks, is_whole(x_step) ? 0 : is_whole(10 * x_step) ? 1 : 2,
                          "years from now");

        // The bands as closed polygons: the upper quantile forwards, the lower one back.
        const auto band = [&](double lo, double hi, const char* cls) {
            const auto a = band_index(probabilities, lo), b = band_index(probabilities, hi);
            if (!a || !b || *a >= m.bands.size() || *b >= m.bands.size()) return;
            std::string points;
            for (std::size_t i = 0; i < m.times.size(); ++i)
                points += (i ? " " : "") + coord(px(m.times[i])) + "," + coord(py(m.bands[*b][i]));
            for (std::size_t i = m.times.size(); i-- > 0;) points += " " + coord(px(m.times[i])) + "," + coord(py(m.bands[*a][i]));
            c.marks += "<polygon id=\"" + c.id + "-" + cls + "\" class=\"" + cls + "\" points=\"" + points + "\"/>\n";
        };
        band(0.05, 0.95, "fan-outer");
        band(0.25, 0.75, "fan-inner");
        const auto line = [&](const std::vector<double>& levels, const char* cls) {
            std::string points;
            for (std::size_t i = 0; i < m.times.size(); ++i) points += (i ? " " : "") + coord(px(m.times[i])) + "," + coord(py(levels[i]));
            c.marks += "<polyline id=\"" + c.id + "-" + cls + "\" class=\"" + cls + "\" points=\"" + points + "\"/>\n";
        };
        const auto median = band_index(probabilities, 0.5);
        if (median && *median < m.bands.size()) line(m.bands[*median], "fan-median");
        line(m.expected_path, "fan-expected");

        // The target: the target grade's threshold across, the target year up.
        const auto target = target_grade_index(s);
        const double threshold = target ? scale.grades[*target].from : scale.lower;
        const std::string grade = target ? (scale.grades[*target].name.empty() ? scale.grades[*target].id : scale.grades[*target].name) : s.target_grade;
        c.marks += "<line id=\"" + c.id + "-target\" class=\"target mark\" x1=\"" + coord(left) + "\" y1=\"" + coord(py(threshold)) + "\" x2=\"" +
                   coord(left + pw) + "\" y2=\"" + coord(py(threshold)) + "\"" + data("target|level", threshold) + "/>\n";
        c.marks += text_el(left + 4, py(threshold) - 3, "target: " + clip(grade, 28), "grade-label");
        c.marks += "<line id=\"" + c.id + "-target-year\" class=\"target mark\" x1=\"" + coord(px(s.target_year)) + "\" y1=\"" + coord(top) +
                   "\" x2=\"" + coord(px(s.target_year)) + "\" y2=\"" + coord(top + ph) + "\"" + data("target|year", s.target_year) + "/>\n";
        const bool right_half = px(s.target_year) > left + pw * 0.6;
        c.marks += text_el(px(s.target_year) + (right_half ? -3 : 3), top + ph - 5, "year " + detail::short_number(s.target_year),
                           "grade-label", right_half ? "end" : "start");

        // Points of the expected path at about ten evenly spaced times (every path point when fewer),
        // each in the table with the bands.
        const std::size_t n = m.times.size();
        const std::size_t step = n > 1 ? std::max<std::size_t>(1, (n - 1 + 9) / 10) : 1;
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < n; i += step) rows.push_back(i);
        if (n > 0 && rows.back() != n - 1) rows.push_back(n - 1);
        c.table = "<thead><tr><th class=\"num\">Year</th><th class=\"num\">Expected</th>";
        for (double p : probabilities) c.table += "<th class=\"num\">" + (std::abs(p - 0.5) < 1e-12 ? std::string("Median") : fixed(100.0 * p, 0) + " %") + "</th>";
        c.table += "</tr></thead><tbody>\n";
        for (std::size_t i : rows) {
            const std::string year = detail::short_number(m.times[i]);
            const std::string key = m.option + "|expected|" + year;
            c.marks += "<circle class=\"mark\" cx=\"" + coord(px(m.times[i])) + "\" cy=\"" + coord(py(m.expected_path[i])) +
                       "\" r=\"2.5\" fill=\"#D55E00\"" + data(key, m.expected_path[i]) + "/>\n";
            c.table += "<tr><td class=\"num\">" + esc(year) + "</td>" + num_cell(key, m.expected_path[i], 1);
            for (std::size_t b = 0; b < m.bands.size() && b < probabilities.size(); ++b)
                c.table += num_cell(m.option + "|p" + fixed(100.0 * probabilities[b], 0) + "|" + year, m.bands[b][i], 1);
            c.table += "</tr>\n";
        }
        c.table += "<tr><td>target grade from</td>" + num_cell("target|level", threshold, 1) + "</tr>\n";
        c.table += "<tr><td>target year</td>" + num_cell("target|year", s.target_year, 2) + "</tr>\n</tbody>\n";

        // The legend under the axis label: two swatches and two line styles.
        const double ly = top + ph + 50;
        c.marks += "<rect x=\"" + coord(left) + "\" y=\"" + coord(ly - 9) + "\" width=\"12\" height=\"10\" class=\"fan-outer\"/>\n" +
                   text_el(left + 16, ly, "5–95 %", "legend") + "<rect x=\"" + coord(left + 70) + "\" y=\"" + coord(ly - 9) +
                   "\" width=\"12\" height=\"10\" class=\"fan-inner\"/>\n" + text_el(left + 86, ly, "25–75 %", "legend") +
                   "<line x1=\"" + coord(left + 146) + "\" y1=\"" + coord(ly - 4) + "\" x2=\"" + coord(left + 166) + "\" y2=\"" + coord(ly - 4) +
                   "\" class=\"fan-median\"/>\n" + text_el(left + 170, ly, "median", "legend") + "<line x1=\"" + coord(left + 222) + "\" y1=\"" +
                   coord(ly - 4) + "\" x2=\"" + coord(left + 242) + "\" y2=\"" + coord(ly - 4) + "\" class=\"fan-expected\"/>\n" +
                   text_el(left + 246, ly, "expected", "legend");
        return c;
    }

    void sensitivity() {
        open("sensitivity");
        if (r_.ranking.empty()) {
            empty("No option is on the short list.");
            close();
            return;
        }
        if (!rep_.sensitivity) {
            empty("Left out: the short list has " + std::to_string(r_.ranking.size()) + " options, more than " +
                  std::to_string(max_report_robustness_options) + ".");
            close();
            return;
        }
        const auto& s = *rep_.sensitivity;
        o_ << "<p>One-way weight sensitivity: as one top-level weight moves from 0 to 1, the other top-level weights are rescaled in "
              "proportion (" << "proportional_siblings" << ") and every total moves along a straight line. Where two lines cross, the "
              "two options swap places; the shaded band is where " << esc(s.winner) << " stays first.</p>\n";
        const auto top = m_.children_of("");
        const auto shown = chart_options(max_line_chart_options);
        for (std::size_t k = 0; k < top.size(); ++k) {
            const auto it = std::find_if(s.nodes.begin(), s.nodes.end(), [&](const node_sensitivity& n) { return n.node == m_.criteria[top[k]].id; });
            if (it == s.nodes.end()) continue;
            const node_sensitivity& n = *it;
            chart c;
            c.id = "sens-" + id_part(n.node);
            c.title = "Break-even weights: " + criterion_name(m_, n.node);
            c.description = "Total value of each option (up) as the weight of " + criterion_name(m_, n.node) +
                            " moves from 0 to 1 (across); the dashed line is the weight now (" + fixed(n.weight, 3) +
                            "), the band the weights at which " + s.winner + " stays first.";
            const double left = 56, right = 150, top_m = 12, bottom = 44;
            c.height = 260;
            const double pw = c.width - left - right, ph = c.height - top_m - bottom;
            const auto px = [&](double w) { return left + pw * w; };
            const auto py = [&](double t) { return top_m + ph * (1.0 - t / 100.0); };
            c.marks += "<rect class=\"band\" id=\"" + c.id + "-band\" x=\"" + coord(px(n.winner_stable.lower)) + "\" y=\"" + coord(top_m) +
                       "\" width=\"" + coord(pw * (n.winner_stable.upper - n.winner_stable.lower)) + "\" height=\"" + coord(ph) + "\"" +
                       data("stable|lower", n.winner_stable.lower) + data_x("stable|upper", n.winner_stable.upper) + "/>\n";
            c.marks += y_axis(left, top_m + ph, top_m, 0, 100, 4, 0, "total value");
            c.marks += x_axis(left, left + pw, top_m + ph, 0, 1, 4, 2, "weight of " + clip(criterion_name(m_, n.node), 40));
            c.marks += "<line class=\"now mark\" id=\"" + c.id + "-now\" x1=\"" + coord(px(n.weight)) + "\" y1=\"" + coord(top_m) + "\" x2=\"" +
                       coord(px(n.weight)) + "\" y2=\"" + coord(top_m + ph) + "\"" + data("weight|now", n.weight) + "/>\n";
            std::size_t series = 0;
            std::vector<std::pair<double, std::string>> labels;  // end labels, moved apart below
            for (const auto& line : n.lines) {
                if (std::find(shown.begin(), shown.end(), line.option) == shown.end()) continue;
                const std::string colour = palette[series % palette_size];
                c.marks += "<line id=\"" + c.id + "-" + std::to_string(series) + "\" class=\"mark\" x1=\"" + coord(px(0)) + "\" y1=\"" +
                           coord(py(line.at_zero)) + "\" x2=\"" + coord(px(1)) + "\" y2=\"" + coord(py(line.at_one)) + "\" stroke=\"" + colour +
                           "\" stroke-width=\"2\" stroke-dasharray=\"" + dashes[series % 6] + "\"" + data(line.option + "|at_zero", line.at_zero) +
                           data_x(line.option + "|at_one", line.at_one) + "/>\n";
                labels.emplace_back(py(line.at_one) + 4, clip(line.option, 20));
                ++series;
            }
            // Lines that end close together get labels at least a text line apart, in the same order.
            std::stable_sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (std::size_t i = 1; i < labels.size(); ++i) labels[i].first = std::max(labels[i].first, labels[i - 1].first + 11);
            for (const auto& [y, text] : labels) c.marks += text_el(px(1) + 6, y, text);
            c.table = "<thead><tr><th>Option</th><th class=\"num\">At 0</th><th class=\"num\">Now</th><th class=\"num\">At 1</th></tr></thead><tbody>\n";
            for (const auto& line : n.lines)
                c.table += "<tr data-option=\"" + esc(line.option) + "\"><td>" + esc(line.option) + "</td>" + num_cell(line.option + "|at_zero", line.at_zero, 1) +
                           num_cell(line.option + "|now", line.at_current, 1) + num_cell(line.option + "|at_one", line.at_one, 1) + "</tr>\n";
            c.table += "<tr><td>weight now</td>" + num_cell("weight|now", n.weight, 3) + "<td></td><td></td></tr>\n";
            c.table += "<tr><td>" + esc(s.winner) + " first for weights</td>" + num_cell("stable|lower", n.winner_stable.lower, 3) + "<td>to</td>" +
                       num_cell("stable|upper", n.winner_stable.upper, 3) + "</tr>\n</tbody>\n";
            // The crossovers with the winner: where it loses first place.
            std::vector<std::string> breaks;
            for (const auto& x : n.crossovers)
                if (x.a == s.winner || x.b == s.winner)
                    breaks.push_back((x.a == s.winner ? x.b : x.a) + " at " + fixed(x.weight, 3));
            c.note = breaks.empty() ? "No other option crosses " + s.winner + " on this weight."
                                    : s.winner + " crosses " + join(breaks, ", ") + ".";
            if (const auto more = shown_note(shown.size(), r_.ranking.size()); !more.empty()) c.note += " " + more;
            o_ << render(c);
        }

        // Tornado of score ranges.
        const auto bars = score_range_tornado(m_, rep_);
        o_ << "<h3>Score ranges</h3>\n";
        if (bars.empty()) {
            empty("No score of " + s.winner + " is uncertain: there is no score range to show.");
        } else {
            chart c;
            c.id = "tornado";
            c.title = "Tornado: " + s.winner + "'s total over each uncertain score's range";
            c.description = "For each uncertain score of " + s.winner + ", its total value as that score moves over its range (range, "
                            "triangular and PERT: low to high; normal: mean ± 1.96 sd), the other scores at their central values. "
                            "The dashed line is its total now; widest first.";
            const double left = 210, right = 40, bar = 14, gap = 6;
            const double pw = c.width - left - right;
            double lo = 100, hi = 0;
            for (const auto& b : bars) lo = std::min(lo, b.total_low), hi = std::max(hi, b.total_high);
            const double now = r_.ranking.front().total;
            lo = std::max(0.0, std::floor(std::min(lo, now) / 5) * 5 - 5), hi = std::min(100.0, std::ceil(std::max(hi, now) / 5) * 5 + 5);
            if (!(hi > lo)) lo = 0, hi = 100;
            const auto px = [&](double t) { return left + pw * (t - lo) / (hi - lo); };
            double y = 10;
            for (std::size_t i = 0; i < bars.size(); ++i) {
                c.marks += text_el(left - 6, y + 11, clip(criterion_name(m_, bars[i].criterion), 32), "", "end");
                c.marks += rect("tornado-" + std::to_string(i), px(bars[i].total_low), y, px(bars[i].total_high) - px(bars[i].total_low), bar,
                                "#56B4E9", data(bars[i].criterion + "|low", bars[i].total_low) + data_x(bars[i].criterion + "|high", bars[i].total_high));
                y += bar + gap;
            }
            c.marks += "<line class=\"now\" x1=\"" + coord(px(now)) + "\" y1=\"4\" x2=\"" + coord(px(now)) + "\" y2=\"" + coord(y) + "\"/>\n";
            c.marks += x_axis(left, left + pw, y, lo, hi, 4, 0, "total value of " + s.winner);
            c.height = y + 40;
            c.table = "<thead><tr><th>Criterion</th><th>Score range</th><th class=\"num\">Total, low</th><th class=\"num\">Total, high</th></tr></thead><tbody>\n";
            for (const auto& b : bars)
                c.table += "<tr><td>" + esc(b.criterion) + "</td><td>" + esc(b.range_text) + "</td>" + num_cell(b.criterion + "|low", b.total_low, 1) +
                           num_cell(b.criterion + "|high", b.total_high, 1) + "</tr>\n";
            c.table += "</tbody>\n";
            o_ << render(c);
        }

        // The smallest weight change that changes the winner.
        o_ << "<h3>The smallest weight change that changes the winner</h3>\n";
        if (const auto& w = rep_.closest_rival) {
            o_ << "<p id=\"closest-rival\" data-option=\"" << esc(w->option) << "\" data-distance=\"" << exact(w->distance) << "\">"
               << esc(named(m_, w->option)) << " ties for first when " << fixed(w->distance, 3)
               << " of the weight moves (the sum of absolute changes of the global leaf weights, l1); of the rivals, it needs the "
                  "least. The weights that do it:</p>\n<table class=\"what-if\">\n<tr><th>Criterion</th><th class=\"num\">Local weight now</th>"
                  "<th class=\"num\">Local weight then</th></tr>\n";
            for (std::size_t c = 0; c < w->nodes.size(); ++c)
                if (std::abs(w->new_local[c] - w->current_local[c]) >= 0.0005)
                    o_ << "<tr><td>" << esc(w->nodes[c]) << " " << esc(criterion_name(m_, w->nodes[c])) << "</td><td class=\"num\">"
                       << fixed(w->current_local[c], 3) << "</td><td class=\"num\">" << fixed(w->new_local[c], 3) << "</td></tr>\n";
            o_ << "</table>\n";
        } else if (r_.ranking.size() < 2) {
            empty("Only one option is on the short list.");
        } else {
            empty("No weights on the tree put another option first (" + std::to_string(rep_.rivals_tried) + " rivals tried).");
        }
        close();
    }

    void smaa() {
        open("smaa");
        o_ << "<p>" << esc(smaa_meaning) << "</p>\n";
        if (!rep_.smaa) {
            empty(r_.ranking.empty() ? std::string("No option is on the short list.")
                                     : "Left out: the short list has more than " + std::to_string(max_summary_smaa_options) + " options.");
            close();
            return;
        }
        const auto& sm = *rep_.smaa;
        const Eigen::Index n = Eigen::Index(sm.options.size());
        // Options in the report's ranking order.
        std::vector<Eigen::Index> order;
        for (const auto& ro : r_.ranking)
            for (Eigen::Index i = 0; i < n; ++i)
                if (sm.options[std::size_t(i)] == ro.option) order.push_back(i);
        const std::size_t shown = std::min(order.size(), max_chart_options);
        const Eigen::Index ranks_shown = std::min<Eigen::Index>(n, Eigen::Index(palette_size));
        chart c;
        c.id = "smaa-chart";
        c.title = "Rank acceptability";
        c.description = "For each option, the share of " + std::to_string(sm.smaa.samples) +
                        " sampled weight vectors (and scores) under which it takes rank 1, 2, 3 …, stacked from rank 1 (darkest) on the left.";
        const double left = 200, right = 30, bar = 18, gap = 8;
        const double pw = c.width - left - right;
        double y = 10;
        // Sequential greys-to-blue: rank 1 darkest, so the order survives greyscale print.
        const auto rank_colour = [&](Eigen::Index k) {
            const double t = ranks_shown > 1 ? double(k) / double(ranks_shown - 1) : 0.0;
            char buf[16];
            std::snprintf(buf, sizeof buf, "#%02x%02x%02x", int(8 + 200 * t), int(48 + 180 * t), int(107 + 130 * t));
            return std::string(buf);
        };
        for (std::size_t s = 0; s < shown; ++s) {
            const Eigen::Index i = order[s];
            const std::string& id = sm.options[std::size_t(i)];
            c.marks += text_el(left - 6, y + 13, clip(named(m_, id), 28), "", "end");
            double x = left;
            for (Eigen::Index k = 0; k < n; ++k) {
                const double b = sm.smaa.rank_acceptability(i, k);
                if (b <= 0) continue;
                c.marks += rect("smaa-chart-" + std::to_string(s) + "-" + std::to_string(k), x, y, pw * b, bar,
                                k < ranks_shown ? rank_colour(k) : "#e8e8e8", data(id + "|rank" + std::to_string(k + 1), b));
                x += pw * b;
            }
            y += bar + gap;
        }
        c.marks += x_axis(left, left + pw, y, 0, 1, 4, 2, "share of samples");
        std::vector<std::string> labels;
        for (Eigen::Index k = 0; k < ranks_shown; ++k) labels.push_back("rank " + std::to_string(k + 1));
        for (std::size_t k = 0; k < labels.size(); ++k) {  // the legend in the ranks' own colours
            const double lx = left + double(k % 8) * 52, ly = y + 46 + 16 * double(k / 8);
            c.marks += "<rect x=\"" + coord(lx) + "\" y=\"" + coord(ly - 10) + "\" width=\"12\" height=\"12\" fill=\"" + rank_colour(Eigen::Index(k)) + "\"/>\n";
            c.marks += text_el(lx + 15, ly, labels[k], "legend");
        }
        c.height = y + 52 + 16 * double((labels.size() + 7) / 8);
        c.table = "<thead><tr><th>Option</th>";
        for (Eigen::Index k = 0; k < n && k < 10; ++k) c.table += "<th class=\"num\">Rank " + std::to_string(k + 1) + "</th>";
        c.table += "<th class=\"num\">Confidence</th></tr></thead><tbody>\n";
        for (const Eigen::Index i : order) {
            const std::string& id = sm.options[std::size_t(i)];
            c.table += "<tr data-option=\"" + esc(id) + "\"><td>" + esc(id) + "</td>";
            for (Eigen::Index k = 0; k < n && k < 10; ++k) c.table += num_cell(id + "|rank" + std::to_string(k + 1), sm.smaa.rank_acceptability(i, k), 3);
            c.table += num_cell(id + "|confidence", sm.smaa.confidence_factors[i], 3) + "</tr>\n";
        }
        c.table += "</tbody>\n";
        c.note = "Seed " + std::to_string(rep_.summary.seed) + ", " + std::to_string(sm.smaa.samples) + " samples: the same model gives the same numbers." +
                 (n > 10 ? " The table shows ranks 1 to 10." : "") + (shown < order.size() ? " " + shown_note(shown, order.size()) : "");
        o_ << render(c);
        close();
    }

    void stakeholders() {
        open("stakeholders");
        if (!rep_.stakeholders) {
            empty("Left out: the short list has more than " + std::to_string(max_report_robustness_options) + " options.");
            close();
            return;
        }
        const auto& s = *rep_.stakeholders;
        if (s.groups.empty()) {
            empty("No stakeholder group answered the weight questions: there is one view, the criteria's direct weights.");
            close();
            return;
        }
        o_ << "<p>" << (s.groups_with_different_winner.empty() ? "Every group's weights put the consensus winner first."
                                                                 : "Groups whose weights put a different option first: " +
                                                                       esc(join(s.groups_with_different_winner, ", ")) + ".")
           << "</p>\n<table class=\"stakeholders\">\n<tr><th>Weights of</th><th>Winner</th><th>Ranking (best first)</th></tr>\n";
        const auto row = [&](const group_ranking& g, const std::string& name) {
            std::vector<std::string> order;
            for (const auto& x : g.ranking) order.push_back(rank_text(x) + " " + x.option);
            o_ << "<tr data-group=\"" << esc(g.group) << "\"" << (g.winner_differs ? " class=\"differs\"" : "") << "><td>" << esc(name)
               << "</td><td>" << esc(join(g.winners, " = ")) << "</td><td>" << esc(clip(join(order, ", "), 400)) << "</td></tr>\n";
        };
        for (const auto& g : s.groups) row(g, group_name(m_, g.group));
        row(s.consensus, "Consensus");
        o_ << "</table>\n<h3>Agreement between rankings (Kendall's tau-b)</h3>\n<table class=\"kendall\">\n"
              "<tr><th>Weights of</th><th>and</th><th class=\"num\">tau-b</th><th class=\"num\">Options</th></tr>\n";
        for (const auto& k : s.kendall)
            o_ << "<tr><td>" << esc(k.a) << "</td><td>" << esc(k.b) << "</td><td class=\"num\">" << fixed(k.tau_b, 3) << "</td><td class=\"num\">"
               << k.options << "</td></tr>\n";
        o_ << "</table>\n";
        close();
    }

    void methods() {
        open("methods");
        o_ << "<p class=\"caution\"><strong>Caution:</strong> " << esc(method_caution) << "</p>\n";
        if (!rep_.methods) {
            empty("Left out: the short list has more than " + std::to_string(max_report_robustness_options) + " options.");
            close();
            return;
        }
        const auto& mc = *rep_.methods;
        if (mc.options.empty()) {
            empty("No option is on the short list.");
            close();
            return;
        }
        o_ << "<p>" << (mc.winner_agrees ? "Every applicable method has the same winner as the additive model."
                                         : "Some methods put a different option first: see why before relying on the result.")
           << "</p>\n<table class=\"methods\">\n<tr><th>Method</th><th>Winner</th><th>Same winner</th><th>What the score means</th></tr>\n";
        for (const auto& x : mc.methods) {
            o_ << "<tr data-method=\"" << esc(std::string(to_string(x.method))) << "\"><td>" << esc(std::string(to_string(x.method))) << "</td>";
            if (!x.applicable) o_ << "<td colspan=\"3\">not applicable: " << esc(x.reason) << "</td></tr>\n";
            else
                o_ << "<td>" << esc(join(x.winners, " = ")) << "</td><td>" << (x.same_winner_as_additive ? "yes" : "<strong>no</strong>")
                   << "</td><td>" << esc(x.score_meaning) << "</td></tr>\n";
        }
        o_ << "</table>\n";
        close();
    }

    void record() {
        const governance_status& g = r_.governance;
        open("record");
        o_ << "<table class=\"record\">\n<tr><th>State</th><td id=\"record-state\" data-state=\"" << esc(g.state()) << "\"><strong>"
           << esc(lock_status_text(g)) << "</strong></td></tr>\n<tr><th>Framing digest (SHA-256)</th><td><code id=\"record-digest\">"
           << esc(g.current_digest) << "</code></td></tr>\n";
        if (!g.recorded_digest.empty() && g.recorded_digest != g.current_digest)
            o_ << "<tr><th>Digest recorded by the lock</th><td><code>" << esc(g.recorded_digest) << "</code></td></tr>\n";
        if (g.state() == "locked")
            o_ << "<tr><th>Check it</th><td><code id=\"record-verify\">" << esc(verify_command(g.current_digest, opt_.model_path))
               << "</code></td></tr>\n";
        o_ << "<tr><th>Weights revised after scoring</th><td>" << g.weights_revised_after_scoring << "</td></tr>\n"
           << "<tr><th>Revisions (reopenings)</th><td>" << g.revisions << "</td></tr>\n"
           << "<tr><th>Score changes recorded</th><td>" << g.score_changes_recorded << "</td></tr>\n"
           << "<tr><th>Scored before lock</th><td>" << (g.scored_before_lock ? "yes" : "no") << "</td></tr>\n</table>\n";
        if (!g.findings.empty()) {
            o_ << "<h3>Findings</h3>\n<ul>\n";
            for (const auto& f : g.findings) o_ << "<li>" << (f.failure ? "failure" : "warning") << ": " << esc(f.where) << ": " << esc(f.message) << "</li>\n";
            o_ << "</ul>\n";
        }
        const auto& audit = m_.governance.audit;
        if (audit.empty()) {
            empty("No entry: the framing has never been locked.");
        } else {
            o_ << "<h3>Audit trail</h3>\n<table class=\"audit\">\n<tr><th>Time (UTC)</th><th>Action</th><th>By</th><th>Reason and changes</th></tr>\n";
            for (const auto& e : audit) {
                std::string reason = e.reason;
                if (const std::string changes = score_changes_text(e); !changes.empty()) reason += (reason.empty() ? "" : "; ") + changes;
                o_ << "<tr><td>" << esc(e.at) << "</td><td>" << esc(e.action) << "</td><td>" << esc(e.by) << "</td><td>" << esc(reason) << "</td></tr>\n";
            }
            o_ << "</table>\n";
        }
        close();
    }

    void elicitation() {
        open("elicitation");
        const auto entries = elicitation_appendix(m_);
        if (entries.empty()) empty(no_elicitation_text);
        for (const auto& e : entries) {
            o_ << "<h3>" << esc(e.title) << "</h3>\n<p class=\"meta\">" << esc(e.summary) << ".</p>\n";
            for (const auto& t : e.tables) {
                o_ << "<table class=\"elicitation\">\n<caption>" << esc(t.caption) << "</caption>\n<tr>";
                for (const auto& h : t.header) o_ << "<th>" << esc(h) << "</th>";
                o_ << "</tr>\n";
                for (const auto& row : t.rows) {
                    o_ << "<tr>";
                    for (std::size_t k = 0; k < row.size(); ++k) o_ << (k ? "<td>" : "<th>") << esc(row[k]) << (k ? "</td>" : "</th>");
                    o_ << "</tr>\n";
                }
                o_ << "</table>\n";
            }
            for (const auto& v : e.curves)
                if (v.points.size() >= 2) o_ << render(value_curve_chart(v, "value-" + id_part(v.criterion)));  // one answer values a criterion
        }
        close();
    }

    // --- the live weights section -------------------------------------------------------------------

    void live() {
        const auto top = m_.children_of("");
        json d;
        d["tolerance"] = 1e-9;
        d["nodes"] = json::array();
        for (std::size_t c : top) d["nodes"].push_back({{"id", m_.criteria[c].id}, {"name", criterion_name(m_, m_.criteria[c].id)}});
        // Each weight set with the short list's values on the top-level nodes under that set: node
        // values depend on the weights within the nodes, and the short list on threshold gates.
        json sets = json::array();
        const auto add_set = [&](const std::string& id, const std::string& name, const appraisal_result& res) {
            json w = json::array(), options = json::array();
            for (std::size_t c : top) w.push_back(res.weights.local[c]);
            for (const auto& ro : res.ranking) {
                const std::size_t row = row_of(res, ro.option);
                json v = json::array();
                for (std::size_t c : top) v.push_back(res.values(Eigen::Index(row), Eigen::Index(c)));
                options.push_back({{"id", ro.option}, {"name", option_name(m_, ro.option)}, {"values", std::move(v)}});
            }
            sets.push_back({{"id", id}, {"name", name}, {"weights", std::move(w)}, {"options", std::move(options)}});
        };
        add_set(r_.weights_name, r_.weights_name == "consensus" ? "Consensus" : group_name(m_, r_.weights_name), r_);
        for (const auto& g : rep_.by_group)
            if (g.weights_name != r_.weights_name) add_set(g.weights_name, group_name(m_, g.weights_name), g);
        d["sets"] = std::move(sets);
        json colours = json::array();
        for (std::size_t k = 0; k < top.size(); ++k) colours.push_back(palette[k % palette_size]);
        d["colours"] = std::move(colours);
        // "</" cannot occur in the script element's text: '<' is escaped.
        std::string payload = d.dump();
        std::string safe;
        for (char ch : payload) safe += ch == '<' ? std::string("\\u003c") : std::string(1, ch);

        o_ << "<section id=\"sec-live\" class=\"live\">\n<h2>Live weights</h2>\n"
              "<p>Move a top-level weight: the others are rescaled in proportion, as in the sensitivity section, and the totals, ranking "
              "and bars are recomputed here from the options' values on each top-level criterion (the additive model is linear). "
              "Start from any stakeholder group's weights (with the values its weights within each criterion give).</p>\n";
        if (r_.ranking.empty() || top.empty()) {
            empty("Nothing to weigh: the short list or the value tree is empty.");
            o_ << "</section>\n";
            return;
        }
        o_ << "<p><label for=\"live-set\">Weights of </label><select id=\"live-set\"></select> <button type=\"button\" id=\"live-reset\">Reset</button></p>\n"
              "<div class=\"live-controls\" id=\"live-controls\"></div>\n"
              "<p class=\"live-status\" id=\"live-status\" data-changed=\"false\" aria-live=\"polite\"></p>\n"
              "<svg id=\"live-chart\" class=\"chart-svg\" viewBox=\"0 0 640 100\" width=\"640\" height=\"100\" role=\"img\" aria-labelledby=\"live-chart-title\" "
              "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"live-chart-title\">Totals under the live weights</title></svg>\n"
           << live_legend(top) <<
              "<table class=\"data\" id=\"live-ranking\"><thead><tr><th>Rank</th><th>Option</th><th class=\"num\">Total</th></tr></thead><tbody></tbody></table>\n"
              "<script type=\"application/json\" id=\"adva-live-data\">" << safe << "</script>\n<script>\n" << live_script << "</script>\n</section>\n";
    }

    /// The live chart's legend: one swatch per top-level node, in the bars' order.
    std::string live_legend(const std::vector<std::size_t>& top) const {
        std::string s = "<p class=\"live-legend\">";
        for (std::size_t k = 0; k < top.size(); ++k)
            s += std::string("<span><span class=\"swatch\" style=\"background:") + palette[k % palette_size] + "\"></span>" +
                 esc(criterion_name(m_, m_.criteria[top[k]].id)) + "</span> ";
        return s + "</p>\n";
    }

    static constexpr const char* live_script = R"JS((function () {
  "use strict";
  var data = JSON.parse(document.getElementById("adva-live-data").textContent);
  var svgNS = "http://www.w3.org/2000/svg";
  var nodes = data.nodes, options = [], tol = data.tolerance;
  var select = document.getElementById("live-set"), controls = document.getElementById("live-controls");
  var status = document.getElementById("live-status"), chart = document.getElementById("live-chart");
  var tbody = document.querySelector("#live-ranking tbody");
  var weights = [], baseWinners = null, sliders = [], numbers = [];

  // Totals exactly as adva adds them: the top-level weighted sum, in model order.
  function totals(w) {
    return options.map(function (o) {
      var t = 0;
      for (var k = 0; k < nodes.length; k++) t += w[k] * o.values[k];
      return t;
    });
  }
  // Ranking with ties within the tolerance of the first option of a run (adva's rule).
  function rank(t) {
    var order = options.map(function (_, i) { return i; });
    order.sort(function (a, b) { return t[b] - t[a] || a - b; });
    var out = [], runStart = 0;
    for (var k = 0; k < order.length; k++) {
      var r = k + 1;
      if (k > 0 && Math.abs(t[order[runStart]] - t[order[k]]) <= tol) r = out[runStart].rank;
      else runStart = k;
      out.push({ index: order[k], rank: r });
    }
    return out;
  }
  // One weight moves to x; the others keep their ratios (an equal share when they are all 0).
  function move(w, k, x) {
    var rest = 1 - w[k], out = w.slice(), n = w.length;
    for (var j = 0; j < n; j++) {
      if (j === k) continue;
      out[j] = rest > 1e-12 ? w[j] * (1 - x) / rest : (1 - x) / (n - 1);
    }
    out[k] = x;
    return out;
  }
  function winners(ranked) {
    return ranked.filter(function (r) { return r.rank === 1; }).map(function (r) { return options[r.index].id; });
  }
  function draw() {
    var t = totals(weights), ranked = rank(t), win = winners(ranked);
    if (baseWinners === null) baseWinners = win;
    var changed = win.join(" = ") !== baseWinners.join(" = ");
    status.textContent = (win.length > 1 ? "Tied first: " : "First: ") + win.join(" = ") +
      (changed ? " \u2014 the winner has changed (was " + baseWinners.join(" = ") + ")" : " \u2014 the same winner as the report");
    status.setAttribute("data-changed", changed ? "true" : "false");
    status.setAttribute("data-winner", win.join(" "));
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    ranked.forEach(function (r) {
      var tr = document.createElement("tr"), o = options[r.index];
      tr.setAttribute("data-option", o.id);
      tr.setAttribute("data-rank", String(r.rank));
      tr.setAttribute("data-total", String(t[r.index]));
      [String(r.rank), o.id + " " + o.name, t[r.index].toFixed(1)].forEach(function (text, i) {
        var td = document.createElement("td");
        td.textContent = text;
        if (i === 2) td.className = "num";
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    while (chart.firstChild && chart.lastChild.nodeName !== "title") chart.removeChild(chart.lastChild);
    var left = 200, width = 390, bar = 16, gap = 6, y = 8, shown = ranked.slice(0, 30);
    shown.forEach(function (r, i) {
      var o = options[r.index], x = left;
      var label = document.createElementNS(svgNS, "text");
      label.setAttribute("x", left - 6); label.setAttribute("y", y + 12); label.setAttribute("text-anchor", "end");
      label.textContent = o.id;
      chart.appendChild(label);
      for (var k = 0; k < nodes.length; k++) {
        var v = weights[k] * o.values[k], seg = document.createElementNS(svgNS, "rect");
        seg.setAttribute("x", x); seg.setAttribute("y", y); seg.setAttribute("height", bar);
        seg.setAttribute("width", Math.max(0, width * v / 100));
        seg.setAttribute("fill", data.colours[k]); seg.setAttribute("stroke", "#fff");
        seg.setAttribute("id", "live-chart-" + i + "-" + k);
        seg.setAttribute("data-key", o.id + "|" + nodes[k].id); seg.setAttribute("data-value", String(v));
        chart.appendChild(seg);
        x += width * v / 100;
      }
      var tt = document.createElementNS(svgNS, "text");
      tt.setAttribute("x", x + 4); tt.setAttribute("y", y + 12); tt.textContent = t[r.index].toFixed(1);
      chart.appendChild(tt);
      y += bar + gap;
    });
    chart.setAttribute("viewBox", "0 0 640 " + (y + 6));
    chart.setAttribute("height", String(y + 6));
    for (var k = 0; k < nodes.length; k++) {
      sliders[k].value = String(weights[k]);
      numbers[k].value = String(Math.round(weights[k] * 1e6) / 1e6);
    }
  }
  function setWeight(k, x) {
    if (!(x >= 0 && x <= 1)) return;
    weights = move(weights, k, x);
    draw();
  }
  function load(i) {
    weights = data.sets[i].weights.slice();
    options = data.sets[i].options;
    baseWinners = null;
    draw();
  }
  data.sets.forEach(function (s, i) {
    var opt = document.createElement("option");
    opt.value = String(i); opt.textContent = s.name;
    select.appendChild(opt);
  });
  nodes.forEach(function (n, k) {
    var label = document.createElement("label"), slider = document.createElement("input"), number = document.createElement("input");
    label.textContent = n.name; label.setAttribute("for", "live-w-" + k);
    slider.type = "range"; slider.min = "0"; slider.max = "1"; slider.step = "any"; slider.id = "live-w-" + k;
    slider.className = "live-weight"; slider.setAttribute("data-node", n.id);
    number.type = "number"; number.min = "0"; number.max = "1"; number.step = "any"; number.id = "live-n-" + k;
    number.className = "live-number"; number.setAttribute("data-node", n.id); number.setAttribute("aria-label", n.name + " weight");
    slider.addEventListener("input", function () { setWeight(k, parseFloat(slider.value)); });
    number.addEventListener("change", function () { setWeight(k, parseFloat(number.value)); });
    controls.appendChild(label); controls.appendChild(slider); controls.appendChild(number);
    sliders.push(slider); numbers.push(number);
  });
  select.addEventListener("change", function () { load(parseInt(select.value, 10)); });
  document.getElementById("live-reset").addEventListener("click", function () { load(parseInt(select.value, 10)); });
  load(0);
})();
)JS";
};

}  // namespace

std::string html_report(const appraisal& model, const decision_report& report, const html_options& options) {
    return writer(model, report, options).document();
}

}  // namespace adva::io
