// The decision report (HTML and Markdown): every section on every model, charts whose marks equal
// their data tables and the appraisal, self-containment (no network, no script unless asked),
// deterministic bytes, escaping of model text, and the bounds on very long short lists.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/economics.hpp"
#include "adva/analysis/trajectory.hpp"
#include "adva/io/decision_report.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/report.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto p = text.find(part); p != std::string::npos; p = text.find(part, p + 1)) ++n;
    return n;
}

const char* const section_ids[] = {"summary", "context", "function", "screening", "criteria", "weights", "scores", "ranking",
                                   "dominance", "value-for-money", "economic-case", "improvement", "sensitivity", "smaa", "stakeholders", "methods",
                                   "record", "elicitation"};

/// The data-key → data-value pairs inside the part of `html` between `from` and `to`.
std::multimap<std::string, double> keyed_values(const std::string& part) {
    std::multimap<std::string, double> out;
    static const std::regex pair(R"re(data-key="([^"]*)" data-value="([^"]*)")re");
    for (std::sregex_iterator it(part.begin(), part.end(), pair), end; it != end; ++it)
        out.emplace((*it)[1].str(), std::strtod((*it)[2].str().c_str(), nullptr));
    return out;
}

std::string between(const std::string& text, const std::string& from, const std::string& to) {
    const auto a = text.find(from);
    REQUIRE(a != std::string::npos);
    const auto b = text.find(to, a);
    REQUIRE(b != std::string::npos);
    return text.substr(a, b - a);
}

/// The number in attribute `name` of the first element of `svg` that contains `marker`.
double attribute_of(const std::string& svg, const std::string& marker, const std::string& name) {
    const auto at = svg.find(marker);
    REQUIRE(at != std::string::npos);
    const auto start = svg.rfind('<', at), end = svg.find('>', at);
    const std::string element = svg.substr(start, end - start);
    const std::regex value(" " + name + R"re(="([^"]*)")re");
    std::smatch found;
    REQUIRE(std::regex_search(element, found, value));
    return std::strtod(found[1].str().c_str(), nullptr);
}

/// The report with a smaller SMAA than the default (these tests check its numbers, not its precision).
adva::io::decision_report report_of(const adva::appraisal& m, std::string group = {}) {
    adva::io::decision_report_options o;
    o.group = std::move(group);
    o.smaa_samples = 1000;
    return adva::io::assemble_decision_report(m, o);
}

/// The minimal example: three options, no improvement section, no criterion derived from trajectories.
adva::appraisal minimal_model() { return adva::io::load_model(ADVA_SOURCE_DIR "/examples/minimal.json"); }

/// Every model of these tests has a short list small enough for every section.
adva::appraisal small_model() {
    adva::appraisal m = adva::io::default_model();
    m.governance = {};
    return m;
}

}  // namespace

TEST_CASE("the HTML report of the default model has every section, the banner and no script", "[report][html]") {
    const adva::appraisal m = adva::io::default_model();
    const auto report = report_of(m);
    const std::string html = adva::io::html_report(m, report);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    for (const char* id : section_ids) CHECK(count(html, std::string("<section id=\"sec-") + id + "\">") == 1);
    CHECK(contains(html, "id=\"illustrative-banner\""));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "sec-live"));
    // Self-contained: no URL but the SVG namespace, no external reference, no timestamp by default.
    const std::regex url(R"(https?://)");
    std::string rest = html;
    for (std::size_t p; (p = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) rest.erase(p, 26);
    CHECK_FALSE(std::regex_search(rest, url));
    CHECK_FALSE(contains(html, " src="));
    CHECK_FALSE(contains(html, "Generated "));
    // Same input, same bytes.
    CHECK(adva::io::html_report(m, report_of(m)) == html);
    // The verify command names the file when told it.
    adva::io::html_options named;
    named.model_path = "council.json";
    CHECK(contains(adva::io::html_report(m, report, named), "adva verify council.json --digest " + report.result.governance.current_digest));
}

TEST_CASE("the contribution chart, its data table and the appraisal agree number for number", "[report][html]") {
    const adva::appraisal m = adva::io::default_model();
    const auto report = report_of(m);
    const auto& r = report.result;
    const std::string html = adva::io::html_report(m, report);
    const std::string svg = between(html, "<svg id=\"contrib\"", "</svg>");
    const std::string table = between(html, "<table class=\"data\" id=\"contrib-data\">", "</table>");
    const auto marks = keyed_values(svg), cells = keyed_values(table);
    REQUIRE(marks.size() == r.ranking.size() * (r.leaf_indices.size() + 1));
    for (const auto& ro : r.ranking) {
        const auto row = std::size_t(std::find(r.option_ids.begin(), r.option_ids.end(), ro.option) - r.option_ids.begin());
        CHECK(marks.find(ro.option + "|total")->second == r.totals[Eigen::Index(row)]);
        CHECK(cells.find(ro.option + "|total")->second == ro.total);
        for (std::size_t l = 0; l < r.leaf_indices.size(); ++l) {
            const std::string key = ro.option + "|" + r.criterion_ids[r.leaf_indices[l]];
            const double want = r.contributions(Eigen::Index(row), Eigen::Index(l));
            CHECK(marks.find(key)->second == want);
            CHECK(cells.find(key)->second == want);
        }
    }
}

TEST_CASE("the economic case: cost by year and the cost-effectiveness plane agree with the figures", "[report][html]") {
    const adva::appraisal m = adva::io::default_model();
    const auto report = report_of(m);
    const std::string html = adva::io::html_report(m, report);
    const auto ec = adva::compute_economic_case(m);
    REQUIRE(ec.has_budget);
    const auto cash = keyed_values(between(html, "<table class=\"data\" id=\"cash-flow-data\">", "</table>"));
    for (const auto& e : ec.options) {
        if (!e.has_costs()) continue;
        for (std::size_t t = 0; t < ec.discount_factors.size(); ++t)
            CHECK(cash.find(e.option + "|" + std::to_string(t))->second == (e.capital_after[t] + e.revenue_after[t]) / 1e6);
    }
    for (std::size_t t = 0; t < m.economics.budget.revenue.size(); ++t)
        CHECK(cash.find("budget|" + std::to_string(t))->second ==
              ((t < m.economics.budget.capital.size() ? m.economics.budget.capital[t] : 0.0) + m.economics.budget.revenue[t]) / 1e6);
    const auto summary = keyed_values(between(html, "<table class=\"data\" id=\"economic-case-table\">", "</table>"));
    for (const auto& e : ec.options)
        if (e.has_costs()) CHECK(summary.find(e.option + "|npc_after")->second == e.npc_after / 1e6);
    const auto plane = keyed_values(between(html, "<svg id=\"ce-plane\"", "</svg>"));
    REQUIRE_FALSE(report.result.value_for_money_comparator.empty());
    for (const auto& v : report.result.value_for_money) CHECK(plane.find(v.option + "|value_added")->second == v.value_added);
    CHECK(contains(html, "The cost-effectiveness plane, over " + report.result.value_for_money_comparator));
    // The switching value of each option's place on the frontier is in the table.
    CHECK(contains(between(html, "id=\"economic-case-table\"", "</table>"), "leaves at +"));
}

TEST_CASE("an affordability gate is shown with its rule, and a line's own range names itself in the tornado finding", "[report][html]") {
    adva::appraisal m = adva::io::default_model();
    adva::gate g;
    g.id = "G_afford";
    g.name = "Within the MTFP";
    g.kind = adva::gate_kind::affordability;
    g.op = adva::comparison::less_equal;
    g.threshold = 0;
    m.gates.push_back(g);
    // A range wide enough on the comparator's first line that it alone changes the incremental ranking.
    auto& line = m.options[0].costs.front();
    line.range = {-0.9, 5.0};
    const auto report = report_of(m);
    const std::string html = adva::io::html_report(m, report);
    CHECK(contains(html, "<th title=\"largest shortfall against the budget envelope required &lt;= 0 GBP; an option without costs is "
                         "kept, flagged\">G_afford</th>"));
    const std::string finding = between(html, "<p id=\"economic-case-tornado\">", "</p>");
    CHECK(contains(finding, "O1 " + line.name + " (-90% to +500% (own range))"));
}

TEST_CASE("every chart has a title, a description and a data table whose keys cover its marks", "[report][html]") {
    const adva::appraisal m = adva::io::default_model();
    adva::io::html_options options;
    options.interactive = true;
    const std::string html = adva::io::html_report(m, report_of(m), options);
    const std::regex figure(R"re(<figure class="chart" id="fig-([^"]+)">)re");
    std::size_t figures = 0;
    for (std::sregex_iterator it(html.begin(), html.end(), figure), end; it != end; ++it) {
        ++figures;
        const std::string id = (*it)[1].str();
        const std::string fig = between(html, "<figure class=\"chart\" id=\"fig-" + id + "\">", "</figure>");
        CHECK(contains(fig, "<title id=\"" + id + "-title\">"));
        CHECK(contains(fig, "<desc id=\"" + id + "-desc\">"));
        CHECK(contains(fig, "aria-labelledby=\"" + id + "-title " + id + "-desc\""));
        const auto marks = keyed_values(between(fig, "<svg", "</svg>"));
        const auto cells = keyed_values(between(fig, "<table", "</table>"));
        CHECK_FALSE(marks.empty());
        for (const auto& [key, value] : marks) {
            const auto cell = cells.find(key);
            INFO(id << " " << key);
            REQUIRE(cell != cells.end());
            CHECK(cell->second == value);
        }
        // Element ids inside a chart carry its prefix.
        const std::regex ids(R"re( id="([^"]+)")re");
        const std::string svg = between(fig, "<svg", "</svg>");
        for (std::sregex_iterator e(svg.begin(), svg.end(), ids), end2; e != end2; ++e) CHECK((*e)[1].str().rfind(id, 0) == 0);
    }
    // weights, contributions, value for money, cash flows, the cost-effectiveness plane, one per
    // top-level node, tornado, SMAA, and a fan chart per option.
    CHECK(figures == 7 + m.children_of("").size() + m.options.size());
    CHECK(count(html, "<script") == 2);  // the data block and the live script
    CHECK(contains(html, "<section id=\"sec-live\""));
}

TEST_CASE("model text is escaped in HTML", "[report][html]") {
    adva::appraisal m = small_model();
    m.options[0].name = "<script>alert(\"x\")</script> & co";
    m.context.title = "A <b>bold</b> title";
    const std::string html = adva::io::html_report(m, report_of(m));
    CHECK_FALSE(contains(html, "<script>alert"));
    CHECK(contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"));
    CHECK(contains(html, "<title>A &lt;b&gt;bold&lt;/b&gt; title</title>"));
    adva::io::html_options live;
    live.interactive = true;
    const std::string page = adva::io::html_report(m, report_of(m), live);
    CHECK(count(page, "</script>") == 2);  // the name cannot close the data block
}

TEST_CASE("a section with nothing to show says so", "[report][html][markdown]") {
    adva::appraisal m = small_model();
    m.illustrative = false;
    m.context.trigger.clear();
    m.gates.clear();
    for (auto& f : m.functions)
        std::erase_if(f.questions, [](const adva::question& q) { return !q.gates.empty(); });
    for (auto& o : m.options) o.costs.clear();
    const auto report = report_of(m);
    const std::string html = adva::io::html_report(m, report);
    for (const char* id : section_ids) CHECK(contains(html, std::string("<section id=\"sec-") + id + "\">"));
    CHECK_FALSE(contains(html, "illustrative-banner"));
    CHECK(contains(html, "No trigger is recorded in the model."));
    CHECK(contains(html, "The model has no gates: every option is short-listed."));
    CHECK(contains(html, "No short-listed option has costs."));
    CHECK(contains(html, "No option has cost lines."));
    CHECK(contains(adva::io::markdown_decision_report(m, report), "## Economic case\n\nNo option has cost lines.\n"));
    CHECK(contains(html, "No entry: the framing has never been locked."));

    // Every option discounted: the robustness sections say there is nothing to rank.
    adva::appraisal none = small_model();
    for (auto& o : none.options) o.business_as_usual = o.do_minimum = false;
    adva::gate impossible;
    impossible.id = "G_none";
    impossible.kind = adva::gate_kind::threshold;
    impossible.criterion = none.criteria.front().id;
    impossible.op = adva::comparison::greater;
    impossible.threshold = 100;
    none.gates.push_back(impossible);
    const auto empty = report_of(none);
    REQUIRE(empty.result.ranking.empty());
    const std::string page = adva::io::html_report(none, empty);
    for (const char* id : section_ids) CHECK(contains(page, std::string("<section id=\"sec-") + id + "\">"));
    CHECK(contains(page, "No option is on the short list: every option was discounted at screening"));
    const std::string md = adva::io::markdown_decision_report(none, empty);
    CHECK(contains(md, "## Sensitivity\n\nNo option on the short list.\n"));
}

TEST_CASE("the Markdown report has the HTML report's sections", "[report][markdown]") {
    const adva::appraisal m = adva::io::default_model();
    const auto report = report_of(m);
    const std::string html = adva::io::html_report(m, report);
    const std::string md = adva::io::markdown_decision_report(m, report);
    const std::regex h2(R"re(<section id="sec-[^"]+">\n<h2>([^<]+)</h2>)re");
    std::size_t sections = 0;
    for (std::sregex_iterator it(html.begin(), html.end(), h2), end; it != end; ++it, ++sections)
        CHECK(contains(md, "## " + (*it)[1].str() + "\n"));
    CHECK(sections == std::size(section_ids));
    // The robustness content, not only the headings.
    CHECK(contains(md, "| Top-level criterion | Weight now |"));
    CHECK(contains(md, "**The smallest weight change that changes the winner:** " + report.closest_rival->option));
    CHECK(contains(md, "| Option | Rank 1 | Rank 2 |"));
    CHECK(contains(md, "**Caution:**"));
    CHECK(contains(md, "| Weights of | Winner | Ranking (best first) |"));
    // appraise --format markdown is the same document (with the default SMAA samples).
    CHECK(adva::io::render_report(m, report.result, adva::io::report_format::markdown) ==
          adva::io::markdown_decision_report(m, adva::io::assemble_decision_report(m)));
}

TEST_CASE("the summary is generated from the numbers", "[report][summary]") {
    const adva::appraisal m = adva::io::default_model();
    const auto report = report_of(m);
    const auto& r = report.result;
    REQUIRE(r.ranking.size() >= 2);
    const std::string html = adva::io::html_report(m, report);
    char margin[32];
    std::snprintf(margin, sizeof margin, "%.1f", r.ranking[0].total - r.ranking[1].total);
    CHECK(contains(html, "The preferred option is " + r.ranking[0].option + " "));
    CHECK(contains(html, std::string(margin) + " ahead of " + r.ranking[1].option + " "));
    char acceptability[32];
    std::snprintf(acceptability, sizeof acceptability, "%.1f%%", 100 * report.summary.first_rank_acceptability);
    CHECK(contains(html, acceptability));
    // The closest rival is the one with the least weight to move.
    REQUIRE(report.closest_rival);
    for (const auto& ro : r.ranking) {
        if (ro.rank == 1) continue;
        const auto w = adva::what_if(m, r, ro.option);
        if (w.possible) CHECK(report.closest_rival->distance <= w.distance + 1e-12);
    }
}

TEST_CASE("a group's report uses that group's weights", "[report][html]") {
    const adva::appraisal m = adva::io::default_model();
    const auto report = report_of(m, m.groups.front().id);
    adva::appraise_options a;
    a.group = m.groups.front().id;
    CHECK(report.result.totals == adva::appraise(m, a).totals);
    CHECK_THROWS_AS(report_of(m, "nobody"), adva::invalid_input);
}

TEST_CASE("a very long short list: charts show the best ranked, the quadratic analyses say they were left out", "[report][html][bounds]") {
    adva::appraisal m = small_model();
    const adva::option base = m.options[*m.option_index("O3")];
    while (m.options.size() <= adva::io::max_report_robustness_options + 10) {
        adva::option copy = base;
        copy.id = "X" + std::to_string(m.options.size());
        copy.business_as_usual = copy.do_minimum = false;
        m.options.push_back(std::move(copy));
    }
    const auto report = report_of(m);
    REQUIRE(report.result.ranking.size() > adva::io::max_report_robustness_options);
    CHECK_FALSE(report.sensitivity);
    CHECK_FALSE(report.smaa);
    CHECK_FALSE(report.stakeholders);
    CHECK_FALSE(report.methods);
    const std::string html = adva::io::html_report(m, report);
    for (const char* id : section_ids) CHECK(contains(html, std::string("<section id=\"sec-") + id + "\">"));
    CHECK(count(between(html, "<svg id=\"contrib\"", "</svg>"), "|total\"") == 30);
    CHECK(contains(html, "The chart shows the 30 best-ranked of " + std::to_string(report.result.ranking.size())));
    CHECK(count(html, "<table class=\"scores\"") == adva::io::max_report_score_tables);
    CHECK(count(between(html, "<section id=\"sec-sensitivity\">", "</section>"), "Left out:") == 1);
    // The economic case: switching values are left out like the other quadratic analyses; the cost
    // by year table lists every option with costs, the chart the first ten.
    REQUIRE(report.result.value_for_money.size() > adva::io::max_report_robustness_options);
    const std::string economic = between(html, "<section id=\"sec-economic-case\">", "</section>");
    CHECK(contains(economic, "left out: too many options"));
    CHECK(contains(economic, "Which cost lines could change the incremental ranking is left out"));
    CHECK(count(between(economic, "<table class=\"data\" id=\"cash-flow-data\">", "</table>"), "<tr data-option=") ==
          m.options.size() + 1);   // and the budget
    CHECK(count(between(economic, "<svg id=\"cash-flow\"", "</svg>"), "<polyline") == 10);
    CHECK(contains(adva::io::markdown_decision_report(m, report), "lower-ranked options are left out here"));
    // Improvement over time: every option in the table, the first few as fan charts.
    REQUIRE(report.trajectories);
    const std::string improvement = between(html, "<section id=\"sec-improvement\">", "</section>");
    CHECK(count(between(improvement, "id=\"improvement-table\"", "</table>"), "<tr data-option=") == m.options.size());
    CHECK(count(improvement, "<figure class=\"chart\" id=\"fig-fan-") == adva::io::max_report_fan_charts);
    CHECK(contains(improvement, "The charts show the first " + std::to_string(adva::io::max_report_fan_charts) + " of " +
                                    std::to_string(m.options.size()) + " options"));
}

TEST_CASE("improvement over time: the assumptions, every option's measures and a fan chart per option", "[report][html][trajectory]") {
    const adva::appraisal m = adva::io::default_model();
    REQUIRE(m.improvement);
    const auto report = report_of(m);
    REQUIRE(report.trajectories);
    REQUIRE(report.trajectories->size() == m.options.size());
    // The report's figures are trajectory_analysis's with the report's samples and fixed seed.
    adva::trajectory_options fixed_seed;
    fixed_seed.samples = 10'000;
    fixed_seed.seed = 1;
    const auto expected = adva::trajectory_analysis(m, fixed_seed);
    const std::string html = adva::io::html_report(m, report);
    const std::string section = between(html, "<section id=\"sec-improvement\">", "</section>");
    const auto& s = *m.improvement;

    // The assumptions in words: the plan's milestones, the target, the horizon, the discount rate.
    const std::string assumptions = between(section, "<p id=\"improvement-assumptions\">", "</p>");
    for (const auto& milestone : s.plan.milestones) CHECK(contains(assumptions, milestone.name));
    CHECK(contains(assumptions, "The target is Requires improvement (40 or above) by year 1.5."));
    CHECK(contains(assumptions, "The measures cover 10 years"));
    CHECK(contains(assumptions, "at 1.5% a year"));
    CHECK(contains(assumptions, "10000 samples (seed 1)"));
    CHECK(contains(assumptions, "illustrative, not evidence"));

    // The summary table: one row per option with the library's numbers, Monte Carlo or exact.
    const std::string table = between(section, "<table class=\"data\" id=\"improvement-table\">", "</table>");
    CHECK(count(table, "<tr data-option=") == m.options.size());
    CHECK(contains(table, "P(Requires improvement or better at year 1.5)"));
    const auto cells = keyed_values(table);
    for (const auto& e : expected) {
        CHECK(cells.find(e.option + "|at_target")->second == e.at_target.value);
        CHECK(cells.find(e.option + "|sustained_by_target")->second == e.sustained_by_target.value);
        CHECK(cells.find(e.option + "|time_to_target")->second == e.time_to_target.value);
        CHECK(cells.find(e.option + "|dip_depth")->second == e.dip_depth.value);
        CHECK(cells.find(e.option + "|dip_length")->second == e.dip_length.value);
        CHECK(cells.find(e.option + "|discounted_level")->second == e.discounted_level.value);
        const std::string row = between(table, "<tr data-option=\"" + e.option + "\">", "</tr>");
        CHECK(contains(row, e.exact ? "<td>exact</td>" : "<td>Monte Carlo</td>"));
        CHECK(contains(row, " ± ") != e.exact);  // standard errors only where sampled
    }

    // One fan chart per option, each with its bands, lines, target lines and a table equal to its marks.
    CHECK(count(section, "<figure class=\"chart\" id=\"fig-fan-") == m.options.size());
    for (const auto& e : expected) {
        const std::string id = "fan-" + e.option;
        const std::string svg = between(section, "<svg id=\"" + id + "\"", "</svg>");
        CHECK(contains(svg, "id=\"" + id + "-fan-outer\""));
        CHECK(contains(svg, "id=\"" + id + "-fan-inner\""));
        CHECK(contains(svg, "id=\"" + id + "-fan-median\""));
        CHECK(contains(svg, "id=\"" + id + "-fan-expected\""));
        CHECK(count(svg, "class=\"grade-0\"") + count(svg, "class=\"grade-1\"") == s.scale.grades.size());
        for (const auto& g : s.scale.grades) CHECK(contains(svg, ">" + g.name + "</text>"));
        const auto marks = keyed_values(svg);
        const auto data = keyed_values(between(section, "<table class=\"data\" id=\"" + id + "-data\">", "</table>"));
        CHECK(marks.size() == 13);  // the expected level at years 0..10 and the two target lines
        for (const auto& [key, value] : marks) {
            REQUIRE(data.count(key) == 1);
            CHECK(data.find(key)->second == value);
        }
        CHECK(marks.find(e.option + "|expected|1.5") == marks.end());
        CHECK(marks.find(e.option + "|expected|2")->second == e.expected_path[8]);  // 41 points over 10 years
        CHECK(data.find(e.option + "|p95|10")->second == e.bands[4][40]);
    }

    // The target line where the scale puts the target grade's threshold, the target year where the
    // horizon puts it, read against the chart's own axes.
    const std::string o4 = between(section, "<svg id=\"fan-O4\"", "</svg>");
    const double y_bottom = attribute_of(o4, "class=\"axis\"", "y1"), y_top = attribute_of(o4, "class=\"axis\"", "y2");
    REQUIRE(y_bottom > y_top);
    CHECK(attribute_of(o4, "id=\"fan-O4-target\"", "y1") == Approx(y_bottom - (y_bottom - y_top) * 40.0 / 100.0).margin(0.006));
    CHECK(attribute_of(o4, "id=\"fan-O4-target\"", "y2") == attribute_of(o4, "id=\"fan-O4-target\"", "y1"));
    const auto x_axis_at = o4.find("class=\"axis\"", o4.find("class=\"axis\"") + 1);
    const std::string x_axis = o4.substr(x_axis_at - 6);
    const double x_left = attribute_of(x_axis, "class=\"axis\"", "x1"), x_right = attribute_of(x_axis, "class=\"axis\"", "x2");
    CHECK(attribute_of(o4, "id=\"fan-O4-target-year\"", "x1") == Approx(x_left + (x_right - x_left) * 1.5 / 10.0).margin(0.006));
    CHECK(contains(o4, ">year 1.5</text>"));
    CHECK(contains(o4, ">target: Requires improvement</text>"));

    // Same input, same bytes; another seed, other bands.
    CHECK(adva::io::html_report(m, report_of(m)) == html);
    adva::io::decision_report_options other;
    other.smaa_samples = 1000;
    other.trajectory_seed = 2;
    const std::string reseeded = adva::io::html_report(m, adva::io::assemble_decision_report(m, other));
    CHECK(between(reseeded, "<section id=\"sec-improvement\">", "</section>") != section);
    CHECK(between(reseeded, "<section id=\"sec-summary\">", "</section>") == between(html, "<section id=\"sec-summary\">", "</section>"));
}

TEST_CASE("the fan charts follow the model's scale, target and horizon", "[report][html][trajectory]") {
    // The minimal example (no criterion derived from trajectories) with an improvement section of
    // its own on a wider index: the threshold is not where a 0-100 scale would put it.
    adva::appraisal m = minimal_model();
    adva::improvement_settings s;
    s.scale.upper = 160;
    s.plan.current_level = 30;
    s.plan.milestones = {{"stabilise", 1, 50}, {"improve", 3, 90}};
    s.target_grade = "good";
    s.target_year = 4;
    s.horizon = 8;
    m.improvement = s;
    const auto report = report_of(m);
    REQUIRE(report.trajectories);
    const std::string html = adva::io::html_report(m, report);
    CHECK(count(html, "<figure class=\"chart\" id=\"fig-fan-") == m.options.size());
    const std::string svg = between(html, "<svg id=\"fan-" + m.options.front().id + "\"", "</svg>");
    const double y_bottom = attribute_of(svg, "class=\"axis\"", "y1"), y_top = attribute_of(svg, "class=\"axis\"", "y2");
    CHECK(attribute_of(svg, "-target\"", "y1") == Approx(y_bottom - (y_bottom - y_top) * 60.0 / 160.0).margin(0.006));
    CHECK(contains(svg, ">160</text>"));  // the y axis ends at the scale's upper level
    CHECK(contains(svg, ">8</text>"));    // the x axis at the horizon
    CHECK(contains(svg, ">target: Good</text>"));
    const auto marks = keyed_values(svg);
    CHECK(marks.find("target|level")->second == 60.0);
    CHECK(marks.find("target|year")->second == 4.0);
    CHECK(contains(html, "P(Good or better at year 4)"));
    CHECK(contains(html, "No transition is uncertain: every figure is exact."));
}

TEST_CASE("a model without an improvement section: the section says so, and the Markdown too", "[report][html][markdown][trajectory]") {
    adva::appraisal m = minimal_model();
    m.improvement.reset();
    const auto report = report_of(m);
    CHECK_FALSE(report.trajectories);
    const std::string html = adva::io::html_report(m, report);
    const std::string section = between(html, "<section id=\"sec-improvement\">", "</section>");
    CHECK(contains(section, "The model has no improvement section"));
    CHECK_FALSE(contains(section, "<figure"));
    CHECK(contains(adva::io::markdown_decision_report(m, report), "## Improvement over time\n\nThe model has no improvement section"));

    // Beyond the work bound of trajectory_analysis the section is left out, with the reason.
    const adva::appraisal full = small_model();
    adva::io::decision_report_options huge;
    huge.smaa_samples = 1000;
    huge.trajectory_samples = 100'000'000;
    const auto bounded = adva::io::assemble_decision_report(full, huge);
    CHECK_FALSE(bounded.trajectories);
    CHECK(contains(bounded.trajectories_left_out, "at most 2e9"));
    CHECK(contains(between(adva::io::html_report(full, bounded), "<section id=\"sec-improvement\">", "</section>"),
                   "Left out: " + bounded.trajectories_left_out));
    CHECK(contains(adva::io::markdown_decision_report(full, bounded), "## Improvement over time\n\nLeft out: "));
}

TEST_CASE("the Markdown report's improvement section: the assumptions and every option's measures", "[report][markdown][trajectory]") {
    const adva::appraisal m = adva::io::default_model();
    const auto report = report_of(m);
    const std::string md = adva::io::markdown_decision_report(m, report);
    const std::string section = between(md, "## Improvement over time\n\n", "\n## Sensitivity");
    CHECK(contains(section, "The target is Requires improvement (40 or above) by year 1.5."));
    CHECK(contains(section, "| Option | Name | P(Requires improvement or better at year 1.5) | P(Requires improvement or better for good by "
                            "year 1.5) | Expected years to Requires improvement | Dip depth (points) | Dip length (years) | Discounted level | "
                            "Computed |\n"));
    std::size_t rows = 0;
    for (const auto& t : *report.trajectories) {
        const std::string row = between(section, "| " + t.option + " | ", "\n");
        ++rows;
        CHECK(contains(row, t.exact ? "| exact |" : "| Monte Carlo |"));
        char at_target[64];
        std::snprintf(at_target, sizeof at_target, "| %.1f%%", 100 * t.at_target.value);
        CHECK(contains(row, at_target));
    }
    CHECK(rows == m.options.size());
    // O2, the in-house plan itself, is exact: 45 at year 1.5 on the plan, inside the target grade.
    CHECK(contains(between(section, "| O2 | ", "\n"), "| 100.0% | 100.0% |"));
}
